INSERT INTO logs (line) VALUES ('next');
