INSERT INTO accounts (id) VALUES (1), (2);
INSERT INTO orders (id, placed_on, account_id, total) VALUES (1, '2026-03-01', 1, 10), (2, '2025-12-31', 2, 0);
