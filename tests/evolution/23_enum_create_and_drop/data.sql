INSERT INTO shirts VALUES (1, 's'), (2, NULL);
