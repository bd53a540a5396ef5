INSERT INTO events VALUES (1, 'a'), (7, 'b'), (42, 'c');
