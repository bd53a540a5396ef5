UPDATE playlist_items SET position = 3 - position;
SET CONSTRAINTS ALL IMMEDIATE;
