CREATE TABLE doctors (
    id              UUID PRIMARY KEY,
    office_id       UUID NOT NULL REFERENCES offices (id),
    profile_id      UUID NOT NULL REFERENCES profiles (id),
    specialty       VARCHAR(100),
    license_number  VARCHAR(40)
);
CREATE INDEX doctors_office_id ON doctors (office_id);
CREATE INDEX doctors_profile_id ON doctors (profile_id);
