INSERT INTO events (lvl) VALUES ('high');
DO $$ BEGIN
  IF (SELECT count(*) FROM audit.events WHERE actor = 'system' AND lvl = 'info') <> 1 THEN RAISE 'no audit row'; END IF;
END $$;
