INSERT INTO notes (body) VALUES ('a'), ('b');
