package dev.ferry.db;

import java.util.Arrays;

/** A growable byte buffer for building COPY data without allocating per value. */
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
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) ascii;
    }

    void put(byte[] src, int offset, int length) {
        if (size + length > bytes.length) {
            grow(length);
        }
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    /** Makes room for {@code n} more bytes, so the put*Reserved methods need no checks. */
    void reserve(int n) {
        if (size + n > bytes.length) {
            grow(n);
        }
    }

    void putReserved(byte b) {
        bytes[size++] = b;
    }

    void putTwo(char a, char b) {
        bytes[size++] = (byte) a;
        bytes[size++] = (byte) b;
    }

    /** Encodes the non-ASCII char at {@code s[i]} (a surrogate pair whole); returns the index of its last char. */
    int putNonAscii(String s, int i) {
        char ch = s.charAt(i);
        if (ch < 0x800) {
            bytes[size++] = (byte) (0xC0 | (ch >> 6));
            bytes[size++] = (byte) (0x80 | (ch & 0x3F));
            return i;
        }
        if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(ch, s.charAt(i + 1));
            bytes[size++] = (byte) (0xF0 | (cp >> 18));
            bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            bytes[size++] = (byte) (0x80 | (cp & 0x3F));
            return i + 1;
        }
        bytes[size++] = (byte) (0xE0 | (ch >> 12));
        bytes[size++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
        bytes[size++] = (byte) (0x80 | (ch & 0x3F));
        return i;
    }

    private void grow(int extra) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
}
