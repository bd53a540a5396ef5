INSERT INTO audit.log (user_id) VALUES (1);
