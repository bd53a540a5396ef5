INSERT INTO audit.log (id) VALUES (1), (2);
