DROP TABLE patients;
