CREATE TABLE patients (
    id             SERIAL PRIMARY KEY,
    doctor_id      INT NOT NULL REFERENCES doctors (id),
    profile_id     INT REFERENCES profiles (id),
    date_of_birth  DATE,
    notes          TEXT
);
CREATE INDEX patients_doctor_id ON patients (doctor_id);
