package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * MariaDB's (and MySQL's) schema catalog from {@code information_schema}. The server stores view
 * and routine bodies with the database name written in, so it is taken out: the same schema in
 * another database reads alike.
 */
final class MariaDbSchemaCatalogSql implements SchemaCatalogSql {
    private static final String CONSTRAINT_OF = " WHERE x.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND x.TABLE_NAME = tc.TABLE_NAME"
            + " AND x.CONSTRAINT_NAME = tc.CONSTRAINT_NAME";

    private static final List<String> QUERIES = List.of(
            "SELECT 'table', t.TABLE_NAME, CONCAT_WS(' ', CONCAT('engine ', t.ENGINE), CONCAT('collate ', t.TABLE_COLLATION),"
                    + " (SELECT CONCAT('partition by ', p.PARTITION_METHOD, ' ', p.PARTITION_EXPRESSION, ' into ', COUNT(*))"
                    + " FROM information_schema.PARTITIONS p WHERE p.TABLE_SCHEMA = t.TABLE_SCHEMA AND p.TABLE_NAME = t.TABLE_NAME"
                    + " AND p.PARTITION_NAME IS NOT NULL GROUP BY p.PARTITION_METHOD, p.PARTITION_EXPRESSION),"
                    + " CASE WHEN t.TABLE_COMMENT <> '' THEN CONCAT('comment ', QUOTE(t.TABLE_COMMENT)) END)"
                    + " FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')"
                    + " AND LEFT(t.TABLE_NAME, 6) <> 'ferry_'",
            "SELECT 'column', CONCAT(c.TABLE_NAME, '.', c.COLUMN_NAME), CONCAT_WS(' ', c.COLUMN_TYPE,"
                    + " CASE WHEN c.IS_NULLABLE = 'NO' THEN 'not null' END,"
                    + " CASE WHEN c.COLUMN_DEFAULT IS NOT NULL AND c.GENERATION_EXPRESSION IS NULL THEN CONCAT('default ', c.COLUMN_DEFAULT) END,"
                    + " NULLIF(c.EXTRA, ''), CASE WHEN c.GENERATION_EXPRESSION IS NOT NULL THEN CONCAT('as ', c.GENERATION_EXPRESSION) END,"
                    + " CONCAT('collate ', c.COLLATION_NAME), CASE WHEN c.COLUMN_COMMENT <> '' THEN CONCAT('comment ', QUOTE(c.COLUMN_COMMENT)) END)"
                    + " FROM information_schema.COLUMNS c JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA"
                    + " AND t.TABLE_NAME = c.TABLE_NAME WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')"
                    + " AND LEFT(c.TABLE_NAME, 6) <> 'ferry_'",
            "SELECT 'constraint', CONCAT(tc.TABLE_NAME, '.', tc.CONSTRAINT_NAME), CONCAT_WS(' ', tc.CONSTRAINT_TYPE,"
                    + " (SELECT CONCAT('(', GROUP_CONCAT(CONCAT_WS(' -> ', x.COLUMN_NAME, x.REFERENCED_COLUMN_NAME)"
                    + " ORDER BY x.ORDINAL_POSITION), ')') FROM information_schema.KEY_COLUMN_USAGE x" + CONSTRAINT_OF + "),"
                    + " (SELECT CONCAT('references ', x.REFERENCED_TABLE_NAME, ' on update ', x.UPDATE_RULE, ' on delete ', x.DELETE_RULE)"
                    + " FROM information_schema.REFERENTIAL_CONSTRAINTS x" + CONSTRAINT_OF + "),"
                    + " (SELECT CONCAT('check ', x.CHECK_CLAUSE) FROM information_schema.CHECK_CONSTRAINTS x" + CONSTRAINT_OF + "))"
                    + " FROM information_schema.TABLE_CONSTRAINTS tc WHERE tc.CONSTRAINT_SCHEMA = ? AND LEFT(tc.TABLE_NAME, 6) <> 'ferry_'"
                    + " AND LEFT(tc.CONSTRAINT_NAME, 6) <> 'ferry_'",
            "SELECT 'index', CONCAT(s.TABLE_NAME, '.', s.INDEX_NAME), CONCAT_WS(' ', CASE WHEN MIN(s.NON_UNIQUE) = 0 THEN 'unique' END,"
                    + " MIN(s.INDEX_TYPE), CONCAT('(', GROUP_CONCAT(CONCAT(s.COLUMN_NAME, COALESCE(CONCAT('(', s.SUB_PART, ')'), ''))"
                    + " ORDER BY s.SEQ_IN_INDEX), ')')) FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = ?"
                    + " AND LEFT(s.TABLE_NAME, 6) <> 'ferry_' AND LEFT(s.INDEX_NAME, 6) <> 'ferry_' AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS tc"
                    + " WHERE tc.CONSTRAINT_SCHEMA = s.TABLE_SCHEMA AND tc.TABLE_NAME = s.TABLE_NAME AND tc.CONSTRAINT_NAME = s.INDEX_NAME"
                    + " AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE')) GROUP BY s.TABLE_NAME, s.INDEX_NAME",
            "SELECT 'view', v.TABLE_NAME, v.VIEW_DEFINITION FROM information_schema.VIEWS v WHERE v.TABLE_SCHEMA = ?",
            "SELECT 'sequence', t.TABLE_NAME, '' FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'SEQUENCE'",
            "SELECT LOWER(r.ROUTINE_TYPE), r.ROUTINE_NAME, CONCAT_WS(' ', (SELECT GROUP_CONCAT(CONCAT_WS(' ', p.PARAMETER_MODE,"
                    + " p.PARAMETER_NAME, p.DTD_IDENTIFIER) ORDER BY p.ORDINAL_POSITION) FROM information_schema.PARAMETERS p"
                    + " WHERE p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME AND p.ORDINAL_POSITION > 0),"
                    + " CASE WHEN r.ROUTINE_TYPE = 'FUNCTION' THEN CONCAT('returns ', r.DTD_IDENTIFIER) END, r.ROUTINE_DEFINITION)"
                    + " FROM information_schema.ROUTINES r WHERE r.ROUTINE_SCHEMA = ? AND LEFT(r.ROUTINE_NAME, 6) <> 'ferry_'",
            "SELECT 'trigger', CONCAT(t.EVENT_OBJECT_TABLE, '.', t.TRIGGER_NAME), CONCAT_WS(' ', t.ACTION_TIMING, t.EVENT_MANIPULATION,"
                    + " 'for each', t.ACTION_ORIENTATION, t.ACTION_STATEMENT) FROM information_schema.TRIGGERS t"
                    + " WHERE t.TRIGGER_SCHEMA = ? AND LEFT(t.TRIGGER_NAME, 6) <> 'ferry_' AND LEFT(t.EVENT_OBJECT_TABLE, 6) <> 'ferry_'");

    @Override
    public List<CatalogObject> objects(Connection c, String schema) throws SQLException {
        String qualifier = "`" + schema + "`.";
        return SchemaCatalogSql.read(c, schema, QUERIES).stream()
                .map(o -> new CatalogObject(o.schema(), o.kind(), o.name(), o.definition().replace(qualifier, "")))
                .toList();
    }
}
