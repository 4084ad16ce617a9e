package dev.ferry.db;

import java.util.Arrays;

/** A growable byte buffer that encodes chars as UTF-8 without allocating per value. */
final class Utf8Buffer {
    private byte[] bytes;
    private int size;

    Utf8Buffer(int initial) {
        bytes = new byte[initial];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    void put(char ascii) {
        ensure(1);
        bytes[size++] = (byte) ascii;
    }

    /** Appends the code point at {@code s[i]} ({@code ch}); a surrogate pair is read whole. */
    void putChar(String s, int i, char ch) {
        ensure(4);
        if (ch < 0x80) {
            bytes[size++] = (byte) ch;
        } else if (ch < 0x800) {
            bytes[size++] = (byte) (0xC0 | (ch >> 6));
            bytes[size++] = (byte) (0x80 | (ch & 0x3F));
        } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(ch, s.charAt(i + 1));
            bytes[size++] = (byte) (0xF0 | (cp >> 18));
            bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            bytes[size++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            bytes[size++] = (byte) (0xE0 | (ch >> 12));
            bytes[size++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
            bytes[size++] = (byte) (0x80 | (ch & 0x3F));
        }
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
