INSERT INTO clients VALUES (1, 'Ada', '555'), (2, 'Grace', NULL);
