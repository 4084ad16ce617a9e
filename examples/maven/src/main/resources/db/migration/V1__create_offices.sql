CREATE TABLE offices (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  slug VARCHAR(100)
);
INSERT INTO offices (id, name) VALUES (1, 'Zürich Höngg'), (2, 'São Paulo Centro');
