CREATE TABLE office_slugs AS SELECT id, slug FROM offices;
