package dev.ferry.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void checksumOfAKnownScriptNeverChanges() {
        // Pinned: changing the algorithm would make every existing history look drifted.
        assertThat(Checksum.of("CREATE TABLE t (id INT);\n"))
                .isEqualTo("sha256:1f3fb0035a049af0ffa5671f5739ba073a99aaa6d8cc6a789599c9fd9292821d");
    }

    @Test
    void crlfAndLfCheckoutsHaveTheSameChecksum() {
        assertThat(Checksum.of("CREATE TABLE t (\r\n  id INT\r\n);\r\n"))
                .isEqualTo(Checksum.of("CREATE TABLE t (\n  id INT\n);\n"));
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertThat(Checksum.of("\uFEFFSELECT 1;\n")).isEqualTo(Checksum.of("SELECT 1;\n"));
    }

    @Test
    void anyRealChangeChangesTheChecksum() {
        assertThat(Checksum.of("SELECT 1;\n")).isNotEqualTo(Checksum.of("SELECT 2;\n"));
    }

    @Test
    void aFileReadInPiecesHasTheSameChecksumAsItsText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // Longer than one read, with CRLF endings, a byte-order mark and characters outside the BMP.
        String text = "\uFEFFid,name\r\n" + "1,caf\u00e9 \uD83E\uDDB7\r\n".repeat(2000) + "2,last\r";
        java.nio.file.Path file = dir.resolve("seed.csv");
        java.nio.file.Files.writeString(file, text);
        assertThat(Checksum.of(file)).isEqualTo(Checksum.of(text));
    }

    @Test
    void bareCarriageReturnsAndMixedEndingsCountAsNewlines() {
        assertThat(Checksum.of("SELECT 1;\rSELECT 2;\r\nSELECT 3;\n")).isEqualTo(Checksum.of("SELECT 1;\nSELECT 2;\nSELECT 3;\n"));
        assertThat(Checksum.of("a\r\r\nb")).isEqualTo(Checksum.of("a\n\nb"));
    }

    @Test
    void onlyALeadingByteOrderMarkIsIgnored() {
        assertThat(Checksum.of("SELECT 1;\uFEFF\n")).isNotEqualTo(Checksum.of("SELECT 1;\n"));
        assertThat(Checksum.of("\uFEFF\uFEFFSELECT 1;\n")).isNotEqualTo(Checksum.of("SELECT 1;\n"));
    }

    @Test
    void whitespaceOtherThanLineEndingsIsPartOfTheScript() {
        // Only what a checkout rewrites is normalized; trailing spaces, tabs and a missing final newline are real edits.
        assertThat(Checksum.of("SELECT 1; \n")).isNotEqualTo(Checksum.of("SELECT 1;\n"));
        assertThat(Checksum.of("SELECT\t1;\n")).isNotEqualTo(Checksum.of("SELECT 1;\n"));
        assertThat(Checksum.of("SELECT 1;")).isNotEqualTo(Checksum.of("SELECT 1;\n"));
    }

    @Test
    void aFileHasTheChecksumOfItsTextWhereverACarriageReturnOrSurrogatePairFallsInTheReads(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("script.sql");
        for (int pad = 8180; pad <= 8200; pad++) {
            for (String tail : List.of("\r\nSELECT 1;\r\n", "\uD83E\uDDB7;\r", "\r")) {
                String text = "\uFEFF" + "x".repeat(pad) + tail;
                java.nio.file.Files.writeString(file, text);
                assertThat(Checksum.of(file)).as("%d chars, then %s", pad, tail.replace("\r", "CR").replace("\n", "LF"))
                        .isEqualTo(Checksum.of(text));
            }
        }
    }

    @Test
    void anEmptyFileHasTheChecksumOfNoText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("empty.sql");
        java.nio.file.Files.writeString(file, "");
        assertThat(Checksum.of(file)).isEqualTo(Checksum.of("")).isEqualTo(Checksum.of("\uFEFF"));
    }
}
