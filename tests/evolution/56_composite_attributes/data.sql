INSERT INTO shops (id, address) VALUES (1, ROW('Main St 1', 'Springfield', '555-1')), (2, NULL);
