INSERT INTO lines (qty, price, weight) VALUES (2, 5, 20), (3, 7, 1);
