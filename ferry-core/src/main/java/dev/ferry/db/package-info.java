/**
 * Internal: the database layer every capability shares. {@link dev.ferry.db.Database} is a
 * server and a login; {@link dev.ferry.db.Dialect} and its parts hold the SQL that differs between
 * PostgreSQL and MariaDB/MySQL, chosen from the JDBC URL. Public only so that the capability
 * packages can use it; not part of the API.
 */
package dev.ferry.db;
