INSERT INTO entries VALUES (1, 'info'), (2, 'error');
