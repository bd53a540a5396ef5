INSERT INTO ledger VALUES (1, 10), (2, -3);
