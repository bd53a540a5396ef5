INSERT INTO items (id) VALUES (3); DO $$ BEGIN IF (SELECT tag FROM items WHERE id = 3) <> '@item' THEN RAISE 'wrong default'; END IF; END $$;
