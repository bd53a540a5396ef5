DO $$ BEGIN
  IF (SELECT array_agg(total ORDER BY id) FROM lines) <> ARRAY[9, 20] THEN RAISE EXCEPTION 'total not recomputed'; END IF;
  IF (SELECT array_agg(double_qty ORDER BY id) FROM lines) <> ARRAY[4, 6] THEN RAISE EXCEPTION 'double_qty not computed'; END IF;
  IF (SELECT array_agg(heavy ORDER BY id) FROM lines) <> ARRAY[true, false] THEN RAISE EXCEPTION 'heavy lost'; END IF;
  IF (SELECT label FROM lines WHERE id = 1) <> 'line 1' THEN RAISE EXCEPTION 'label lost its values'; END IF;
END $$;
UPDATE lines SET label = 'free text now' WHERE id = 1;
