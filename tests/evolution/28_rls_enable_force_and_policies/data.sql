INSERT INTO notes VALUES (1, 'evo_app'), (2, 'someone');
