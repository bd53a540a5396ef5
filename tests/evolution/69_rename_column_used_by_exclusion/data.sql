INSERT INTO desks (span, label) VALUES ('[1, 4)', 'a'), ('[1, 4)', 'b'), ('[1, 4)', 'spare'), ('[2, 3)', 'spare');
