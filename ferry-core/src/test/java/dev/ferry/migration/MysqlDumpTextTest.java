package dev.ferry.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which files are read byte for byte, and how their literals that are not UTF-8 reach the server. */
class MysqlDumpTextTest {
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) p;
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    @Test
    void aDumpHeaderOrTheMarkerDeclaresAFileReadByteForByte() {
        assertThat(MysqlDumpText.declared(bytes("-- MariaDB dump\n/*!40101 SET NAMES utf8mb4 */;\n"))).isTrue();
        assertThat(MysqlDumpText.declared(bytes("SET NAMES binary;\nINSERT ..."))).isTrue();
        assertThat(MysqlDumpText.declared(bytes("-- ferry:encoding binary\nINSERT ..."))).isTrue();
        assertThat(MysqlDumpText.declared(bytes("CREATE TABLE t (names text);\n-- SET NAMES is mentioned in a comment only\n"))).isFalse();
    }

    @Test
    void literalsThatAreNotUtf8BecomeTheHexOfTheirBytesWithEscapesResolved() {
        byte[] file = bytes("INSERT INTO t VALUES (1,'", new byte[] {(byte) 0xFF, '\\', '0', '\\', '\'', '\'', '\'', '\\', '\\', '\\', 'n',
                '\\', '%'}, "','héllo','it''s'), (2,\"", new byte[] {(byte) 0x80}, "\");");
        assertThat(MysqlDumpText.read(file, "V1__dump.sql"))
                .isEqualTo("INSERT INTO t VALUES (1,X'ff0027275c0a5c25','héllo','it''s'), (2,X'80');");
    }

    @Test
    void quotesInCommentsAndIdentifiersDoNotStartALiteral() {
        byte[] file = bytes("-- it's a comment\n# and 'this'\n/* don't */ SELECT `it's` FROM t WHERE v = '", new byte[] {(byte) 0xE9}, "';");
        assertThat(MysqlDumpText.read(file, "f.sql")).endsWith("SELECT `it's` FROM t WHERE v = X'e9';");
    }

    @Test
    void bytesOutsideLiteralsMustStillBeUtf8() {
        byte[] file = bytes("SET NAMES utf8mb4;\nSELECT 1; -- caf", new byte[] {(byte) 0xE9}, "\n");
        assertThatThrownBy(() -> MysqlDumpText.read(file, "V2__x.sql")).isInstanceOf(FerryException.class)
                .hasMessageContaining("V2__x.sql:2: not valid UTF-8 at byte offset 35 (byte 0xE9) outside a string literal");
    }
}
