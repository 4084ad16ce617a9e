package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlSplitterTest {
    private final SqlSplitter pg = new SqlSplitter(SqlSplitter.Syntax.POSTGRES);
    private final SqlSplitter my = new SqlSplitter(SqlSplitter.Syntax.MYSQL);

    @Test
    void splitsOnSemicolonsAndKeepsTheStartingLine() {
        List<SqlStatement> s = pg.split("-- header\nCREATE TABLE a (id INT);\n\nINSERT INTO a VALUES (1);\n", 1);
        assertThat(s).extracting(SqlStatement::sql).containsExactly("CREATE TABLE a (id INT)", "INSERT INTO a VALUES (1)");
        assertThat(s).extracting(SqlStatement::line).containsExactly(2, 4);
    }

    @Test
    void semicolonsInsideQuotesCommentsAndDollarQuotesDoNotSplit() {
        String sql = "INSERT INTO t VALUES ('a;b', \"c;d\"); /* x; y */\n"
                + "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;\n"
                + "SELECT E'it\\'s;';";
        List<SqlStatement> s = pg.split(sql, 1);
        assertThat(s).hasSize(3);
        assertThat(s.get(1).sql()).contains("RETURN 1; END;");
        assertThat(s.get(2).sql()).isEqualTo("SELECT E'it\\'s;'");
    }

    @Test
    void beginAtomicBodyStaysOneStatement() {
        String sql = "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\nSELECT 3;";
        assertThat(pg.split(sql, 1)).hasSize(2);
    }

    @Test
    void mysqlDelimiterAndStoredProgramBlocks() {
        String sql = "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\n"
                + "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\nEND;\n"
                + "INSERT INTO t VALUES ('x\\';y'); # comment; here\nSELECT 1;";
        List<SqlStatement> s = my.split(sql, 1);
        assertThat(s).extracting(SqlStatement::sql).hasSize(4);
        assertThat(s.get(0).sql()).startsWith("CREATE PROCEDURE").endsWith("END");
        assertThat(s.get(1).sql()).startsWith("CREATE TRIGGER").endsWith("END");
        assertThat(s.get(1).line()).isEqualTo(4);
        assertThat(s.get(3).sql()).isEqualTo("SELECT 1");
    }
}
