INSERT INTO items (id, old_code, old_pair) VALUES (1, 'AB', ROW(1, 2)), (2, NULL, NULL);
