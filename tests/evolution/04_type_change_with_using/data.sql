INSERT INTO prices VALUES (1, '10.50'), (2, '3');
