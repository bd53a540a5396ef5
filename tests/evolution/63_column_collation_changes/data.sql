INSERT INTO tags (name, slug) VALUES ('b', 'B'), ('a', 'a'), ('B', 'b');
