INSERT INTO docs (id, title, body, created) VALUES (1, 'A', '{"k": 1}', now()), (2, 'b', '{}', now());
