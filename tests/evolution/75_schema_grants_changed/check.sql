DO $$ BEGIN
  IF has_schema_privilege('evo75_reader', 'public', 'USAGE') THEN RAISE 'PUBLIC still has USAGE on public'; END IF;
  IF NOT has_schema_privilege('evo75_writer', 'public', 'USAGE') THEN RAISE 'writer lacks USAGE on public'; END IF;
  IF NOT has_schema_privilege('evo75_reader', 'audit', 'CREATE') THEN RAISE 'reader lacks CREATE on audit'; END IF;
  IF has_schema_privilege('evo75_writer', 'audit', 'CREATE') THEN RAISE 'writer kept CREATE on audit'; END IF;
END $$;
