INSERT INTO invoices VALUES (1, 50, NULL), (2, 500, 'paid late');
