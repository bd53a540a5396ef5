INSERT INTO people (id, nickname) VALUES (1, 'al'), (2, 'bo');
