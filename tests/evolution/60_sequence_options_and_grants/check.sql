-- the current values are kept: the next numbers follow the last ones given, in the new steps
DO $$ BEGIN
  IF nextval('order_no') <> 107 THEN RAISE EXCEPTION 'order_no was reset'; END IF;
  IF nextval(pg_get_serial_sequence('orders', 'line')) <> 10 THEN RAISE EXCEPTION 'the identity was reset'; END IF;
END $$;
