INSERT INTO ops.batches DEFAULT VALUES;
DO $$ BEGIN
  IF (SELECT number FROM ops.batches) <> 10 THEN RAISE EXCEPTION 'batch_no does not start at 10'; END IF;
  IF nextval('ticket_no') <> 3 THEN RAISE EXCEPTION 'ticket_no was reset'; END IF;
END $$;
