INSERT INTO refs (id) VALUES (1), (2);
