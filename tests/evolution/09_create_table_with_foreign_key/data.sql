INSERT INTO authors (name) VALUES ('Austen'), ('Eliot');
