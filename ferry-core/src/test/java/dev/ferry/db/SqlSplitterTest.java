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

    @Test
    void dollarQuotesCloseOnlyOnTheirOwnTag() {
        String sql = "CREATE FUNCTION f() RETURNS text AS $outer$\n"
                + "BEGIN EXECUTE $inner$ SELECT 'a;' $inner$; RETURN $$;$$; END;\n"
                + "$outer$ LANGUAGE plpgsql;\n"
                + "SELECT $$x;y$$, $_t1$;$_t1$;\n"
                + "SELECT 2;";
        List<SqlStatement> s = pg.split(sql, 1);
        assertThat(s).extracting(SqlStatement::sql).hasSize(3);
        assertThat(s.get(0).sql()).startsWith("CREATE FUNCTION").endsWith("$outer$ LANGUAGE plpgsql");
        assertThat(s.get(1).sql()).isEqualTo("SELECT $$x;y$$, $_t1$;$_t1$");
        assertThat(s).extracting(SqlStatement::line).containsExactly(1, 4, 5);
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertThat(pg.split("PREPARE p (int) AS SELECT $1;\nEXECUTE p(1);", 1)).extracting(SqlStatement::sql)
                .containsExactly("PREPARE p (int) AS SELECT $1", "EXECUTE p(1)");
    }

    @Test
    void postgresBlockCommentsNestButMysqlOnesDoNot() {
        assertThat(pg.split("/* a /* b; */ c; */ SELECT 1;", 1)).extracting(SqlStatement::sql).containsExactly("SELECT 1");
        assertThat(my.split("/* a /* b; */ SELECT 1;", 1)).extracting(SqlStatement::sql).containsExactly("SELECT 1");
    }

    @Test
    void semicolonsInsideStringsAndQuotedIdentifiersDoNotSplit() {
        assertThat(pg.split("CREATE TABLE \"a;b\" (\"c;\"\"d\" INT); SELECT 'it''s; fine';", 1)).extracting(SqlStatement::sql)
                .containsExactly("CREATE TABLE \"a;b\" (\"c;\"\"d\" INT)", "SELECT 'it''s; fine'");
        assertThat(my.split("CREATE TABLE `a;b` (`c;``d` INT); SELECT 'x\\\\';SELECT \"y;\";", 1)).extracting(SqlStatement::sql)
                .containsExactly("CREATE TABLE `a;b` (`c;``d` INT)", "SELECT 'x\\\\'", "SELECT \"y;\"");
    }

    @Test
    void semicolonsInLineCommentsDoNotSplit() {
        assertThat(pg.split("SELECT 1 -- one; two\n;\n-- three; four\nSELECT 2", 1)).extracting(SqlStatement::sql)
                .containsExactly("SELECT 1 -- one; two", "SELECT 2");
    }

    @Test
    void emptyStatementsAndCommentOnlyScriptsYieldNothing() {
        assertThat(pg.split(";;  ;\nSELECT 1;;\n;", 1)).extracting(SqlStatement::sql).containsExactly("SELECT 1");
        assertThat(pg.split("-- only a comment;\n/* and; another */\n", 1)).isEmpty();
        assertThat(my.split("# nothing; here\n  \n", 1)).isEmpty();
        assertThat(pg.split("", 1)).isEmpty();
    }

    @Test
    void theLastStatementNeedsNoDelimiterAndLinesCountFromTheGivenFirstLine() {
        List<SqlStatement> s = pg.split("SELECT 'a\nb';\nSELECT 2", 10);
        assertThat(s).extracting(SqlStatement::sql).containsExactly("SELECT 'a\nb'", "SELECT 2");
        assertThat(s).extracting(SqlStatement::line).containsExactly(10, 12);
    }

    @Test
    void mysqlDelimiterIsCaseInsensitiveAndEndsAStatementEvenRightAfterAWord() {
        String sql = "delimiter $$\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END$$\nSELECT 2$$\nDELIMITER ;\nSELECT 3;";
        List<SqlStatement> s = my.split(sql, 1);
        assertThat(s).extracting(SqlStatement::sql).containsExactly("CREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END", "SELECT 2", "SELECT 3");
        assertThat(s).extracting(SqlStatement::line).containsExactly(2, 3, 5);
    }

    @Test
    void mysqlExecutableCommentsAreStatements() {
        assertThat(my.split("/*!40101 SET NAMES utf8mb4 */;\nSELECT 1;", 1)).extracting(SqlStatement::sql)
                .containsExactly("/*!40101 SET NAMES utf8mb4 */", "SELECT 1");
    }

    @Test
    void mysqlDelimitersOfSlashesAndDoubledSemicolonsEndBodiesAsTheClientDoes() {
        String slashes = "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END //\nDELIMITER ;\nCALL p();";
        assertThat(my.split(slashes, 1)).extracting(SqlStatement::sql)
                .containsExactly("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "CALL p()");
        // mariadb-dump writes triggers this way
        String dump = "DELIMITER ;;\n/*!50003 CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END */;;\nDELIMITER ;\nSELECT 1;";
        assertThat(my.split(dump, 1)).extracting(SqlStatement::sql)
                .containsExactly("/*!50003 CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END */", "SELECT 1");
    }
}
