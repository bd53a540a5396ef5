INSERT INTO visits VALUES (1, '/', now()), (2, '/a', now());
