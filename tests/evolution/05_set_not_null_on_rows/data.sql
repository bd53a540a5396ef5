INSERT INTO notes VALUES (1, 'x'), (2, 'y');
