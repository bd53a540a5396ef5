INSERT INTO events (lvl) VALUES ('low'), ('high');
