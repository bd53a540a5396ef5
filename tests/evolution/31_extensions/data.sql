INSERT INTO words VALUES (1, 'apple'), (2, 'maple');
