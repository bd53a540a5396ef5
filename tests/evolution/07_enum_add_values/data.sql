INSERT INTO days VALUES (1, 'sad'), (2, 'happy');
