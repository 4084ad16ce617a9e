DROP TABLE office_slugs;
