INSERT INTO parcels (id) VALUES (3);
