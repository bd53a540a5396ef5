-- the current value is kept: the next number follows the last one given (102), in the new step
DO $$ BEGIN
  IF nextval('order_no') <> 107 THEN RAISE EXCEPTION 'the sequence was reset'; END IF;
END $$;
