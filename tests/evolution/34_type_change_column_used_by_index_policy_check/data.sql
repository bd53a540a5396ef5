INSERT INTO scores VALUES (1, 5, 'a'), (2, 50, 'b');
