INSERT INTO new_items (title) VALUES ('c');
DO $$ BEGIN
  IF (SELECT number FROM new_items) <> 3 THEN RAISE EXCEPTION 'item_no was not kept'; END IF;
END $$;
