INSERT INTO tags VALUES ('x', 'X'), ('y', 'Y'); INSERT INTO pairs VALUES (1, 1), (2, 1);
