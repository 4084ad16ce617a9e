-- Offices are the foundation (the tenant): every doctor and patient belongs to one.
CREATE TABLE offices (
    id          UUID PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    address     TEXT,
    phone       VARCHAR(40),
    city        VARCHAR(80),
    created_at  TIMESTAMP NOT NULL
);
