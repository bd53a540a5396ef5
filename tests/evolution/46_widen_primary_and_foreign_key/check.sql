INSERT INTO accounts DEFAULT VALUES; INSERT INTO payments (account_id) VALUES (3);
DO $$ BEGIN
    IF (SELECT data_type FROM information_schema.sequences WHERE sequence_name = 'accounts_id_seq') <> 'bigint' THEN
        RAISE 'the sequence of a widened serial column must be widened too';
    END IF;
END $$;
