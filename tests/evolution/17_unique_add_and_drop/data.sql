INSERT INTO accounts VALUES (1, 'a@x', 'a', NULL), (2, 'b@x', 'a', 'eu');
