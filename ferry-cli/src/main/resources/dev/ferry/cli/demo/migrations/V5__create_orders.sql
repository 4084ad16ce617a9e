-- Orders carry money: amounts are exact NUMERIC, never floating point.
CREATE TABLE orders (
    id          SERIAL PRIMARY KEY,
    patient_id  INT NOT NULL REFERENCES patients (id),
    amount      NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
    status      VARCHAR(20) NOT NULL DEFAULT 'new',
    details     JSONB,
    created_at  TIMESTAMP NOT NULL DEFAULT now()
);
