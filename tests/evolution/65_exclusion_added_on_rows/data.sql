INSERT INTO rooms (name) VALUES ('Blue'), ('Red');
INSERT INTO bookings (room_id, during) VALUES
  (1, '[2026-01-01 09:00, 2026-01-01 10:00)'), (1, '[2026-01-01 10:00, 2026-01-01 11:00)'),
  (2, '[2026-01-01 09:00, 2026-01-01 12:00)');
