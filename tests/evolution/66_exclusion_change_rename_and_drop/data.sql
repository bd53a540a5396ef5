INSERT INTO shifts (worker, site, hours, active) VALUES
  ('ann', 'north', '[2026-01-01 08:00, 2026-01-01 16:00)', true),
  ('bob', 'south', '[2026-01-01 08:00, 2026-01-01 16:00)', true);
