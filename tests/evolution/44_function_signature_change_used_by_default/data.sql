INSERT INTO parcels (id) VALUES (1), (2);
