INSERT INTO orders (id) VALUES (3);
DO $$ BEGIN
  IF (SELECT contact FROM orders WHERE id = 3) <> 'nobody@example.com' THEN RAISE 'domain default not applied'; END IF;
END $$;
