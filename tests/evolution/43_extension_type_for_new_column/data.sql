INSERT INTO members VALUES (1), (2);
