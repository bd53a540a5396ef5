INSERT INTO shelves VALUES (1, 'a', 'x'), (2, 'b', NULL);
