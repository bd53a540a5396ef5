INSERT INTO plans (name) VALUES ('team');
