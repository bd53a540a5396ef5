INSERT INTO accounts DEFAULT VALUES; INSERT INTO accounts DEFAULT VALUES; INSERT INTO payments (account_id) VALUES (1), (2), (2);
