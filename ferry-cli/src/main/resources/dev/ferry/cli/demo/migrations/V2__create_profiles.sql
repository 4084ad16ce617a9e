-- Login accounts of doctors and patients (the legacy auth_user table).
CREATE TABLE profiles (
    id          SERIAL PRIMARY KEY,
    email       VARCHAR(254) NOT NULL UNIQUE,
    first_name  VARCHAR(100),
    last_name   VARCHAR(100),
    is_active   BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMP NOT NULL DEFAULT now()
);
