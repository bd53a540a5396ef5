DELETE FROM accounts WHERE region = 'eu';
INSERT INTO payments (region, number) VALUES ('us', 1);
