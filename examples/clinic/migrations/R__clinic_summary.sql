-- Repeatable: re-created whenever this file changes.
CREATE OR REPLACE VIEW clinic_summary AS
SELECT o.name AS office,
       count(DISTINCT d.id) AS doctors,
       count(DISTINCT p.id) AS patients
FROM offices o
LEFT JOIN doctors d ON d.office_id = o.id
LEFT JOIN patients p ON p.office_id = o.id
GROUP BY o.name;
