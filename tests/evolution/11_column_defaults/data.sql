INSERT INTO tickets (id, priority) VALUES (1, 1), (2, 5);
