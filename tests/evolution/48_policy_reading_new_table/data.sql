INSERT INTO docs VALUES (1, 'a'), (2, 'b');
