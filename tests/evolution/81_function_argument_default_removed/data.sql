INSERT INTO items (id) VALUES (1), (2);
