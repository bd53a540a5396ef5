INSERT INTO events (id, at) VALUES (1, '2026-01-05 10:00+00');
INSERT INTO readings (region, sensor) VALUES ('us', 1), ('us', 2);
