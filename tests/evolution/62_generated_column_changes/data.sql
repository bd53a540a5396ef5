INSERT INTO lines (qty, price) VALUES (2, 5), (3, 7);
