DO $$ BEGIN
  IF (SELECT members FROM member_domains WHERE domain = 'x.org') <> 2 THEN RAISE 'member_domains is wrong'; END IF;
  IF (SELECT count(*) FROM active_members WHERE domain = 'x.org') <> 2 THEN RAISE 'active_members is wrong'; END IF;
END $$;
