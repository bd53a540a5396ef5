INSERT INTO workspaces (seats, name) VALUES ('[4, 6)', 'A'), ('[1, 9)', 'spare');
