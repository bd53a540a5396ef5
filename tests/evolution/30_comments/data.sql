INSERT INTO songs VALUES (1, 'low', 200);
