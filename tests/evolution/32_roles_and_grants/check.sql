SET ROLE evo_writer; INSERT INTO items (name) VALUES ('b');
