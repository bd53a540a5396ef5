INSERT INTO books (author_id, title) VALUES (2, 'Middlemarch');
