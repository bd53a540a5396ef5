DO $$ BEGIN IF net_price(NULL) IS NOT NULL OR (SELECT proisstrict FROM pg_proc WHERE proname = 'net_price') IS NOT TRUE THEN RAISE 'net_price is not strict'; END IF; END $$;
