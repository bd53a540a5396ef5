INSERT INTO members VALUES (3, 'A@x.org'); DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM members WHERE email = 'a@X.org') THEN RAISE 'not case-insensitive'; END IF; END $$;
