-- Orders carry money: amounts are exact NUMERIC, never floating point.
CREATE TABLE orders (
    id          UUID PRIMARY KEY,
    patient_id  UUID NOT NULL REFERENCES patients (id),
    amount      NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
    status      VARCHAR(20) NOT NULL,
    item_count  INT,
    currency    CHAR(3),
    details     JSONB,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX orders_patient_id ON orders (patient_id);
