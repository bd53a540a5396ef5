INSERT INTO shifts (worker, site, hours, active) VALUES ('ann', 'east', '[2026-01-01 09:00, 2026-01-01 10:00)', false);
