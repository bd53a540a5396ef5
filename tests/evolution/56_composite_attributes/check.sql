DO $$ BEGIN
  IF (SELECT (address).city FROM shops WHERE id = 1) <> 'Springfield' THEN RAISE 'attribute value lost'; END IF;
END $$;
UPDATE shops SET address = ROW('Elm St 2', 'Shelbyville', '12345') WHERE id = 2;
