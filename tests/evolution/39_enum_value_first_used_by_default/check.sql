INSERT INTO entries (id) VALUES (3);
