UPDATE pages SET label = ROW('About', 'warning') WHERE id = 2;
DO $$ BEGIN
  BEGIN
    INSERT INTO pages (id, slug) VALUES (3, 'Not A Slug');
    RAISE 'the new domain check did not apply';
  EXCEPTION WHEN check_violation THEN NULL;
  END;
END $$;
