INSERT INTO subs VALUES (1, 'active', NULL), (2, 'closed', '2024-01-01');
