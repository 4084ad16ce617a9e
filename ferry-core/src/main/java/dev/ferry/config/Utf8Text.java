package dev.ferry.config;

import dev.ferry.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the project's own text files (migrations, seeds) strictly as UTF-8. A lenient decoder turns
 * a Latin-1 {@code é} into U+FFFD and runs the mangled SQL; here such a file is invalid input named
 * by file, line and byte offset, with the command that converts it, and a binary file is said to be
 * one before any of it reaches a database.
 */
public final class Utf8Text {
    /** Where binary content shows itself: a NUL byte among the first bytes, as git judges it. */
    private static final int BINARY_PROBE = 8000;

    private Utf8Text() {
    }

    /** The file's text, or invalid input saying where it is not UTF-8. */
    public static String read(Path file, String display) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + display + ": " + e.getMessage(), e);
        }
        return decode(bytes, display);
    }

    /** The text of a file's bytes already read, or invalid input saying where it is not UTF-8. */
    public static String decode(byte[] bytes, String display) {
        Decoding decoding = new Decoding(display, bytes.length);
        decoding.feed(ByteBuffer.wrap(bytes), true);
        return decoding.text.toString();
    }

    /** Checks a file that is later read as a stream (a large CSV, say) without holding it in memory. */
    public static void check(Path file, String display) {
        try (InputStream in = Files.newInputStream(file)) {
            Decoding decoding = new Decoding(display, -1);
            byte[] chunk = new byte[64 * 1024];
            ByteBuffer pending = ByteBuffer.allocate(chunk.length + 8);
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                pending.put(chunk, 0, n).flip();
                decoding.feed(pending, false);
                decoding.text.setLength(0);
                pending.compact();
            }
            pending.flip();
            decoding.feed(pending, true);
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + display + ": " + e.getMessage(), e);
        }
    }

    /** One pass over a file's bytes, counting lines and bytes so an error can say where it is. */
    private static final class Decoding {
        private final String display;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final StringBuilder text;
        private long offset;
        private long line = 1;

        Decoding(String display, int size) {
            this.display = display;
            this.text = new StringBuilder(Math.max(16, size));
        }

        void feed(ByteBuffer bytes, boolean last) {
            if (offset == 0) {
                requireText(bytes);
            }
            CharBuffer out = CharBuffer.allocate(Math.max(16, bytes.remaining()));
            while (true) {
                int before = bytes.position();
                CoderResult r = decoder.decode(bytes, out, last);
                count(bytes, before);
                out.flip();
                text.append(out);
                out.clear();
                if (r.isError()) {
                    throw notUtf8(bytes.get(bytes.position()));
                }
                if (r.isUnderflow()) {
                    break;
                }
            }
            if (last) {
                decoder.flush(out);
            }
        }

        private void requireText(ByteBuffer bytes) {
            for (int i = bytes.position(); i < Math.min(bytes.limit(), bytes.position() + BINARY_PROBE); i++) {
                if (bytes.get(i) == 0) {
                    throw FerryException.invalidInput(display + ": not a text file (byte " + (i - bytes.position())
                            + " is NUL); Ferry reads migrations and seeds as UTF-8 text. Remove it or give it another extension.");
                }
            }
        }

        private void count(ByteBuffer bytes, int from) {
            for (int i = from; i < bytes.position(); i++) {
                if (bytes.get(i) == '\n') {
                    line++;
                }
            }
            offset += bytes.position() - from;
        }

        private FerryException notUtf8(byte b) {
            return FerryException.invalidInput(display + ":" + line + ": not valid UTF-8 at byte offset " + offset
                    + String.format(" (byte 0x%02X)", b & 0xFF) + "; Ferry reads migrations and seeds as UTF-8. Convert the file, e.g. "
                    + "iconv -f latin1 -t utf-8 " + display + " > converted && mv converted " + display);
        }
    }
}
