INSERT INTO orders (customer) VALUES ('ada'), ('grace');
