INSERT INTO accounts VALUES ('eu', 1, 'A'), ('us', 1, NULL);
INSERT INTO payments (region, number, account_code) VALUES ('eu', 1, 'A'), ('us', 1, NULL);
