INSERT INTO orders (customer, status) VALUES ('ada', 'paid');
