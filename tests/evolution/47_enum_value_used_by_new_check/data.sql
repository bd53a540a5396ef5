INSERT INTO cases VALUES (1, 'open', NULL), (2, 'closed', now());
