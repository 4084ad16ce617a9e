package dev.ferry.db;

import java.util.List;

/**
 * Ferry's stored routines on MariaDB, installed by expand and removed by abort:
 * {@code ferry_key_uuid} (the name-based UUID of a legacy key, as {@code KeyUuids} derives it),
 * {@code ferry_rekey_modify_column} (MODIFY needs a column's whole definition: it reads it from the
 * catalog and changes only NULL-ness or the comment) and {@code ferry_rekey_validate_foreign_key}
 * (what VALIDATE CONSTRAINT is elsewhere: an anti-join, recorded when clean).
 */
final class MariaDbRekeyRoutines {
    /** Ferry's key namespace as hex; the same as the one transfers derive keys in. */
    private static final String NAMESPACE_HEX = "6f1c6f2e8f3a5b7e9d412a0c5e7b3d19";

    private MariaDbRekeyRoutines() {
    }

    /** The key function and the procedures, each replaced if present. */
    static List<String> create(Dialect dialect, String schema) {
        String db = dialect.quote(schema);
        String saved = db + ".ferry_rekey_saved";
        return List.of(
                // SHA-1 of the namespace's bytes and the UTF-8 name, version 5 and the RFC 4122 variant set: KeyUuids in SQL.
                "CREATE OR REPLACE FUNCTION " + db + ".ferry_key_uuid(entity VARCHAR(255) CHARACTER SET utf8mb4, "
                        + "legacy_key VARCHAR(255) CHARACTER SET utf8mb4) RETURNS UUID DETERMINISTIC NO SQL\nBEGIN\n"
                        + "  DECLARE h CHAR(40) CHARACTER SET ascii DEFAULT SHA1(CONCAT(UNHEX('" + NAMESPACE_HEX + "'), "
                        + "CONVERT(CONCAT(entity, ':', legacy_key) USING utf8mb4)));\n"
                        + "  RETURN CONCAT(SUBSTR(h, 1, 8), '-', SUBSTR(h, 9, 4), '-5', SUBSTR(h, 14, 3), '-', "
                        + "ELT(1 + (CONV(SUBSTR(h, 17, 1), 16, 10) & 3), '8', '9', 'a', 'b'), SUBSTR(h, 18, 3), '-', SUBSTR(h, 21, 12));\nEND",
                // MODIFY needs a column's whole definition: read it from the catalog, change only what is asked.
                "CREATE OR REPLACE PROCEDURE " + db + ".ferry_rekey_modify_column(IN tbl VARCHAR(64), IN col VARCHAR(64), "
                        + "IN nullability VARCHAR(8), IN set_comment BOOLEAN, IN new_comment TEXT)\nBEGIN\n"
                        + "  DECLARE ddl TEXT;\n"
                        + "  SELECT CONCAT('ALTER TABLE `', REPLACE(TABLE_NAME, '`', '``'), '` MODIFY `', REPLACE(COLUMN_NAME, '`', '``'), '` ', "
                        + "COLUMN_TYPE, IF(CHARACTER_SET_NAME IS NULL, '', CONCAT(' CHARACTER SET ', CHARACTER_SET_NAME, ' COLLATE ', COLLATION_NAME)), "
                        + "IF(COALESCE(nullability, IF(IS_NULLABLE = 'YES', 'NULL', 'NOT NULL')) = 'NULL', ' NULL', ' NOT NULL'), "
                        + "IF(COLUMN_DEFAULT IS NULL OR COLUMN_DEFAULT = 'NULL', '', CONCAT(' DEFAULT ', COLUMN_DEFAULT)), "
                        + "IF(EXTRA LIKE '%auto_increment%', ' AUTO_INCREMENT', ''), "
                        + "' COMMENT ', QUOTE(IF(set_comment, COALESCE(new_comment, ''), COLUMN_COMMENT))) INTO ddl "
                        + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = tbl AND COLUMN_NAME = col;\n"
                        + "  IF ddl IS NOT NULL THEN\n    SET @ferry_rekey_ddl = ddl;\n    PREPARE s FROM @ferry_rekey_ddl;\n    EXECUTE s;\n"
                        + "    DEALLOCATE PREPARE s;\n  END IF;\nEND",
                // MariaDB has no NOT VALID: a foreign key added with foreign_key_checks=0 is checked here, and the check recorded.
                "CREATE OR REPLACE PROCEDURE " + db + ".ferry_rekey_validate_foreign_key(IN tbl VARCHAR(64), IN fk VARCHAR(64))\nBEGIN\n"
                        + "  DECLARE col, parent, parent_col VARCHAR(64);\n"
                        + "  SELECT COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME INTO col, parent, parent_col "
                        + "FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = tbl AND CONSTRAINT_NAME = fk "
                        + "AND REFERENCED_TABLE_NAME IS NOT NULL LIMIT 1;\n"
                        + "  IF col IS NULL THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ferry rekey: no such foreign key to validate'; END IF;\n"
                        + "  SET @ferry_rekey_orphans = NULL;\n"
                        + "  SET @ferry_rekey_ddl = CONCAT('SELECT count(*) INTO @ferry_rekey_orphans FROM `', tbl, '` c WHERE c.`', col, "
                        + "'` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `', parent, '` p WHERE p.`', parent_col, '` = c.`', col, '`)');\n"
                        + "  PREPARE s FROM @ferry_rekey_ddl;\n  EXECUTE s;\n  DEALLOCATE PREPARE s;\n"
                        + "  IF @ferry_rekey_orphans > 0 THEN SIGNAL SQLSTATE '23000' SET MESSAGE_TEXT = 'ferry rekey: rows reference a UUID "
                        + "their parent does not have; the foreign key is not validated'; END IF;\n"
                        + "  INSERT IGNORE INTO " + saved + " (table_name, kind, name, definition) VALUES (tbl, 'validated', fk, NULL);\nEND");
    }

    static List<String> drop(Dialect dialect, String schema) {
        String db = dialect.quote(schema);
        return List.of("DROP FUNCTION IF EXISTS " + db + ".ferry_key_uuid",
                "DROP PROCEDURE IF EXISTS " + db + ".ferry_rekey_modify_column",
                "DROP PROCEDURE IF EXISTS " + db + ".ferry_rekey_validate_foreign_key");
    }
}
