INSERT INTO pages (id, slug, label) VALUES (1, 'home', ROW('Home')), (2, 'about-us', NULL);
