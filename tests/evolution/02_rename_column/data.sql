INSERT INTO users (mail) VALUES ('a@x.org'), ('b@x.org');
