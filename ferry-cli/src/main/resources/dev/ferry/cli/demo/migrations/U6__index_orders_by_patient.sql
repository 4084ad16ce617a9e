DROP INDEX CONCURRENTLY orders_patient_id;
