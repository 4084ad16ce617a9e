-- ferry:no-transaction
-- Built without locking writes; PostgreSQL refuses CONCURRENTLY inside a transaction, so Ferry runs this outside one.
CREATE INDEX CONCURRENTLY orders_patient_id ON orders (patient_id);
