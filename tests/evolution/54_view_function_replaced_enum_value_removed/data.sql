INSERT INTO tickets VALUES (1, 'new', 3), (2, 'closed', 40);
