SELECT setval('item_no', 2);
