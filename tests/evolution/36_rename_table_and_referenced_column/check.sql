INSERT INTO stores (name) VALUES ('c'); INSERT INTO orders (store_id) VALUES (3);
