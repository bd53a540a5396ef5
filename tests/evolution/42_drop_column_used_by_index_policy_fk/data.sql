INSERT INTO groups VALUES (1); INSERT INTO cards VALUES (1, 1, false), (2, NULL, true);
