INSERT INTO folders VALUES (1), (2); INSERT INTO files VALUES (1, 1, NULL), (2, 1, 1), (3, 2, 2);
