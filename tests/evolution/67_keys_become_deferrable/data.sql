INSERT INTO playlists DEFAULT VALUES;
INSERT INTO playlist_items VALUES (1, 'intro', 1), (1, 'outro', 2);
INSERT INTO owners (playlist_id) VALUES (1);
