CREATE TABLE doctors (
    id          SERIAL PRIMARY KEY,
    office_id   INT NOT NULL REFERENCES offices (id),
    profile_id  INT NOT NULL REFERENCES profiles (id),
    specialty   VARCHAR(100),
    license_no  VARCHAR(40)
);
CREATE INDEX doctors_office_id ON doctors (office_id);
