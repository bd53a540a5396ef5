SET CONSTRAINTS bookings_no_overlap IMMEDIATE;
INSERT INTO bookings (room_id, during) VALUES (2, '[2026-01-01 12:00, 2026-01-01 13:00)');
