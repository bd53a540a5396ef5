INSERT INTO refs (id) VALUES (3);
