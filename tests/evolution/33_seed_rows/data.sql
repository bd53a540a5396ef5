INSERT INTO countries VALUES ('it', 'Italy', true);
