INSERT INTO products (id, name, currency) VALUES (1, 'Kayak', '${currency}'), (2, 'Paddle', '${currency}');
