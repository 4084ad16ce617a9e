package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL's schema catalog, read through {@code format_type}, {@code pg_get_expr},
 * {@code pg_get_constraintdef}, {@code pg_get_indexdef}, {@code pg_get_viewdef},
 * {@code pg_get_functiondef} and {@code pg_get_triggerdef}: the server prints each definition the
 * same way however it was written. Objects that belong to an extension are the extension's.
 */
final class PostgresSchemaCatalogSql implements SchemaCatalogSql {
    private static final String NOT_EXTENSION = " AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = %s AND dep.deptype = 'e')";
    private static final String RELATION = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?"
            + " AND left(c.relname, 6) <> 'ferry_'" + NOT_EXTENSION.formatted("c.oid");

    private static final List<String> QUERIES = List.of(
            "SELECT 'table', c.relname, concat_ws(' ', CASE c.relpersistence WHEN 'u' THEN 'unlogged' END,"
                    + " CASE WHEN c.relkind = 'p' THEN 'partitioned by ' || pg_get_partkeydef(c.oid) END,"
                    + " CASE WHEN c.relispartition THEN 'partition of ' || (SELECT pc.relname FROM pg_inherits i JOIN pg_class pc"
                    + " ON pc.oid = i.inhparent WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid) END,"
                    + " CASE WHEN c.relrowsecurity THEN 'row level security' END, CASE WHEN c.relforcerowsecurity THEN 'forced' END,"
                    + " 'comment ' || quote_literal(obj_description(c.oid, 'pg_class')))" + RELATION + " AND c.relkind IN ('r', 'p')",
            "SELECT 'column', c.relname || '.' || a.attname, concat_ws(' ', format_type(a.atttypid, a.atttypmod),"
                    + " CASE WHEN a.attnotnull THEN 'not null' END,"
                    + " CASE WHEN a.attgenerated = 's' THEN 'generated always as ' || pg_get_expr(d.adbin, d.adrelid) || ' stored'"
                    + " WHEN d.adbin IS NOT NULL THEN 'default ' || pg_get_expr(d.adbin, d.adrelid) END,"
                    + " CASE a.attidentity WHEN 'a' THEN 'identity always' WHEN 'd' THEN 'identity by default' END,"
                    + " CASE WHEN a.attcollation <> t.typcollation THEN 'collate ' || co.collname END,"
                    + " 'comment ' || quote_literal(col_description(c.oid, a.attnum)))"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                    + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
                    + " AND left(c.relname, 6) <> 'ferry_'" + NOT_EXTENSION.formatted("c.oid"),
            "SELECT 'constraint', c.relname || '.' || con.conname, pg_get_constraintdef(con.oid)"
                    + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND con.contype IN ('p', 'u', 'f', 'c', 'x') AND left(c.relname, 6) <> 'ferry_'"
                    + " AND left(con.conname, 6) <> 'ferry_'",
            "SELECT 'index', ci.relname, pg_get_indexdef(i.indexrelid)"
                    + " FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND left(c.relname, 6) <> 'ferry_'"
                    + " AND left(ci.relname, 6) <> 'ferry_' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid"
                    + " AND k.contype IN ('p', 'u', 'x'))",
            "SELECT CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, c.relname, pg_get_viewdef(c.oid, true)"
                    + RELATION + " AND c.relkind IN ('v', 'm')",
            "SELECT 'sequence', c.relname, concat_ws(' ', format_type(s.seqtypid, NULL), 'start', s.seqstart, 'increment',"
                    + " s.seqincrement, 'min', s.seqmin, 'max', s.seqmax, CASE WHEN s.seqcycle THEN 'cycle' END,"
                    + " 'owned by ' || (SELECT oc.relname || '.' || oa.attname FROM pg_depend d JOIN pg_class oc ON oc.oid = d.refobjid"
                    + " JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid"
                    + " WHERE d.objid = c.oid AND d.deptype = 'a' LIMIT 1))"
                    + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND left(c.relname, 6) <> 'ferry_'"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('i', 'e'))",
            "SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'composite type' END,"
                    + " t.typname, CASE t.typtype"
                    + " WHEN 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e"
                    + " WHERE e.enumtypid = t.oid)"
                    + " WHEN 'd' THEN concat_ws(' ', format_type(t.typbasetype, t.typtypmod), CASE WHEN t.typnotnull THEN 'not null' END,"
                    + " 'default ' || t.typdefault, (SELECT string_agg(pg_get_constraintdef(k.oid), ' ' ORDER BY k.conname)"
                    + " FROM pg_constraint k WHERE k.contypid = t.oid))"
                    + " WHEN 'r' THEN (SELECT concat_ws(' ', format_type(r.rngsubtype, NULL), 'diff ' || NULLIF(r.rngsubdiff::oid, 0)::regproc::text)"
                    + " FROM pg_range r WHERE r.rngtypid = t.oid)"
                    + " ELSE (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)"
                    + " FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END"
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ?"
                    + " AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))"
                    + NOT_EXTENSION.formatted("t.oid"),
            "SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,"
                    + " p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', pg_get_functiondef(p.oid)"
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ? AND p.prokind IN ('f', 'p')"
                    + " AND left(p.proname, 6) <> 'ferry_'" + NOT_EXTENSION.formatted("p.oid"),
            "SELECT 'trigger', c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid)"
                    + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND NOT t.tgisinternal AND t.tgparentid = 0 AND left(t.tgname, 6) <> 'ferry_'"
                    + " AND left(c.relname, 6) <> 'ferry_'",
            "SELECT 'policy', c.relname || '.' || p.polname, concat_ws(' ', CASE WHEN p.polpermissive THEN 'permissive'"
                    + " ELSE 'restrictive' END, 'for', CASE p.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update'"
                    + " WHEN 'd' THEN 'delete' ELSE 'all' END, 'to', (SELECT string_agg(CASE WHEN r = 0 THEN 'public'"
                    + " ELSE pg_get_userbyid(r)::text END, ', ' ORDER BY r) FROM unnest(p.polroles) r),"
                    + " 'using ' || pg_get_expr(p.polqual, p.polrelid), 'with check ' || pg_get_expr(p.polwithcheck, p.polrelid))"
                    + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ?",
            "SELECT 'extension', e.extname, '' FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = ?");

    @Override
    public List<CatalogObject> objects(Connection c, String schema) throws SQLException {
        return SchemaCatalogSql.read(c, schema, QUERIES);
    }
}
