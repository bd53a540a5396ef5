INSERT INTO invoices (id, gross) VALUES (1, 12), (2, NULL);
