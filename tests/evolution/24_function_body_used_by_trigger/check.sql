INSERT INTO pages VALUES (2, ' b ', NULL); DO $$ BEGIN IF (SELECT title FROM pages WHERE id = 2) <> 'b' THEN RAISE 'title not trimmed'; END IF; END $$;
