CREATE UNIQUE INDEX offices_slug ON offices (slug);
