DROP TABLE plan_types;
