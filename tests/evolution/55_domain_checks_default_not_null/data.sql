INSERT INTO orders (id, contact, items) VALUES (1, 'ann@example.com', 2), (2, 'bob@example.com', NULL);
