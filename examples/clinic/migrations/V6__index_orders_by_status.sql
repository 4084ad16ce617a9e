-- Built without blocking writes. PostgreSQL refuses CONCURRENTLY inside a transaction, so Ferry
-- runs this migration outside one (it would notice by itself; the marker says so explicitly).
-- ferry:no-transaction
CREATE INDEX CONCURRENTLY orders_status ON orders (status);
