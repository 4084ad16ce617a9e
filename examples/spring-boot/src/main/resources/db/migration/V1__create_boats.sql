CREATE TABLE boats (
    name VARCHAR(100) NOT NULL,
    berth INT PRIMARY KEY
);

INSERT INTO boats (name, berth) VALUES ('Heron', 1), ('Tern', 2);
