INSERT INTO events (id, at, kind) VALUES (1, '2026-01-05', 'a'), (2, '2026-01-20', 'b'), (3, '2027-06-01', 'late');
