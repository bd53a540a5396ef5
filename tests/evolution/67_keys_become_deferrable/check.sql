UPDATE playlist_items SET position = 3 - position;
INSERT INTO playlist_items VALUES (7, 'later', 1);
INSERT INTO playlists (id) VALUES (7);
SET CONSTRAINTS ALL IMMEDIATE;
