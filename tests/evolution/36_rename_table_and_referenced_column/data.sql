INSERT INTO shop (name) VALUES ('a'), ('b'); INSERT INTO orders (shop) VALUES (1), (2);
