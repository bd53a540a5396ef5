DO $$ BEGIN IF (SELECT previous_label || coalesce(label, '-') FROM shelves WHERE id = 1) <> 'ax' THEN RAISE 'values did not move with their columns'; END IF; END $$;
