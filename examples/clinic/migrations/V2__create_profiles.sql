-- Login accounts of doctors and patients (the legacy auth_user table).
CREATE TABLE profiles (
    id          UUID PRIMARY KEY,
    email       VARCHAR(254) NOT NULL,
    first_name  VARCHAR(100),
    last_name   VARCHAR(100),
    full_name   VARCHAR(201),
    active      BOOLEAN NOT NULL,
    joined_at   TIMESTAMP NOT NULL
);
