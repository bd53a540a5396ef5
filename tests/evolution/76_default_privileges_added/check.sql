CREATE TABLE later (id integer);
CREATE FUNCTION later_fn() RETURNS integer LANGUAGE sql AS 'SELECT 1';
DO $$ BEGIN
  IF NOT has_table_privilege('evo76_reader', 'later', 'SELECT') THEN RAISE 'a later table is not readable'; END IF;
  IF has_function_privilege('public', 'later_fn()', 'EXECUTE') THEN RAISE 'PUBLIC may run a later function'; END IF;
  IF NOT has_table_privilege('evo76_reader', 'notes', 'SELECT') THEN RAISE 'notes is not readable'; END IF;
END $$;
