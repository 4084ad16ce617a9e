-- office_id is the tenant: filled from the patient's doctor during the transfer.
CREATE TABLE patients (
    id             UUID PRIMARY KEY,
    office_id      UUID NOT NULL REFERENCES offices (id),
    doctor_id      UUID NOT NULL REFERENCES doctors (id),
    profile_id     UUID REFERENCES profiles (id),
    date_of_birth  DATE,
    notes          TEXT,
    sex            VARCHAR(6)
);
CREATE INDEX patients_doctor_id ON patients (doctor_id);
CREATE INDEX patients_office_id ON patients (office_id);
CREATE INDEX patients_profile_id ON patients (profile_id);
