INSERT INTO items (id, code) VALUES (1, 'ABC'), (2, 'XYZW');
