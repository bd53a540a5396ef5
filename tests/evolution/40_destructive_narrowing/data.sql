INSERT INTO labels VALUES (1, 'short', 3);
