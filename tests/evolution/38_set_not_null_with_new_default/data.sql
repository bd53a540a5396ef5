INSERT INTO users VALUES (1, 'fr'), (2, 'de');
