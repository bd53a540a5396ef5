DO $$ BEGIN
  -- byte order: upper case first
  IF (SELECT array_agg(name ORDER BY name) FROM tags) <> ARRAY['B', 'a', 'b'] THEN RAISE EXCEPTION 'name is not in C order'; END IF;
END $$;
