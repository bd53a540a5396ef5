CREATE SCHEMA later;
DO $$ BEGIN
  IF NOT has_schema_privilege('evo78_app', 'later', 'USAGE') THEN RAISE 'a later schema is not usable'; END IF;
  IF NOT has_schema_privilege('evo78_app', 'reports', 'USAGE') THEN RAISE 'reports is not usable'; END IF;
  IF NOT has_table_privilege('evo78_app', 'reports.daily', 'INSERT') THEN RAISE 'reports.daily is not writable'; END IF;
END $$;
