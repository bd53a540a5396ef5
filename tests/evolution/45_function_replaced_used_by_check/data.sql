INSERT INTO readings (id, value) VALUES (1, 3), (2, 4);
