INSERT INTO members VALUES (1, 'a@x.org', true), (2, 'b@y.org', false), (3, 'c@x.org', true);
