INSERT INTO events (name) VALUES ('next');
