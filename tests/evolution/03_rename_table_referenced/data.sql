INSERT INTO customer (name) VALUES ('a'), ('b'); INSERT INTO invoices (customer_id) VALUES (1), (2), (2);
