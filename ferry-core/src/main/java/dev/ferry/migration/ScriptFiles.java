package dev.ferry.migration;

import dev.ferry.FerryException;
import dev.ferry.config.Utf8Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Small file helpers shared by the layouts. */
final class ScriptFiles {
    private static final Pattern NO_TRANSACTION_MARKER = Pattern.compile("(?im)^\\s*--\\s*ferry:no-transaction\\b");
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private ScriptFiles() {
    }

    /**
     * Strict UTF-8: a Latin-1 or binary script is refused by file, line and byte, never run mangled.
     * A MySQL-tool dump that says so in its first lines is read byte for byte instead ({@link MysqlDumpText}).
     */
    static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return MysqlDumpText.declared(bytes) ? MysqlDumpText.read(bytes, file.toString()) : Utf8Text.decode(bytes, file.toString());
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                throw FerryException.invalidInput(file + " already exists; choose another description");
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FerryException.failure("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a new migration's up and down files. */
    static List<Path> writePair(Path up, Path down, ScriptText text) {
        write(up, text.up());
        write(down, text.down());
        return List.of(up, down);
    }

    /** Entries of a directory in name order, so scans are repeatable. */
    static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw FerryException.failure("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Files below a directory, recursively, in path order. */
    static List<Path> walk(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw FerryException.failure("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean hasNoTransactionMarker(String sql) {
        return NO_TRANSACTION_MARKER.matcher(sql).find();
    }

    static String describe(String name) {
        return name.replace('_', ' ').strip();
    }

    static String slug(String description) {
        String slug = description.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.isEmpty()) {
            throw FerryException.invalidInput("The description '" + description + "' has no letters or digits to name a file with");
        }
        return slug;
    }

    static Version timestampVersion() {
        return Version.parse(LocalDateTime.now().format(TIMESTAMP));
    }

    /** Timestamps for timestamp-numbered layouts, the next integer for sequentially numbered ones. */
    static Version nextNumber(List<Version> existing) {
        if (existing.isEmpty()) {
            return timestampVersion();
        }
        Version max = existing.stream().max(Version::compareTo).orElseThrow();
        if (max.major().toString().length() >= 12) {
            Version now = timestampVersion();
            return now.compareTo(max) > 0 ? now : Version.parse(max.major().add(java.math.BigInteger.ONE).toString());
        }
        return Version.parse(max.major().add(java.math.BigInteger.ONE).toString());
    }

    static boolean isSql(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql");
    }
}
