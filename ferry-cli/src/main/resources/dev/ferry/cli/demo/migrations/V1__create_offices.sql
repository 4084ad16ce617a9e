-- Offices are the foundation: every doctor works in one.
CREATE TABLE offices (
    id          SERIAL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    address     TEXT,
    phone       VARCHAR(40),
    created_at  TIMESTAMP NOT NULL DEFAULT now()
);

INSERT INTO offices (name, address, phone) VALUES ('${clinic_name}', '12 Harbour Street', '+1 555 0100');
