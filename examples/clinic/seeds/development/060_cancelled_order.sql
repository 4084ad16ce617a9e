-- Plain SQL seeds run statement by statement in this file's own transaction. Ferry cannot upsert
-- them for you, so write them to change nothing when they run again.
INSERT INTO orders (id, patient_id, amount, status, item_count, currency, details, created_at)
VALUES ('50000000-0000-4000-8000-000000000004', '40000000-0000-4000-8000-000000000002', 0.00, 'cancelled', 0, 'GBP',
        '{"items": 0, "currency": "GBP"}', '2024-03-06 08:00:00')
ON CONFLICT (id) DO NOTHING;
