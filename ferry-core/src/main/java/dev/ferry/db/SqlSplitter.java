package dev.ferry.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a script into statements the way the database's own client would: it knows quotes,
 * comments, PostgreSQL dollar quoting and {@code BEGIN ATOMIC} bodies, and MySQL's backslash
 * escapes, {@code DELIMITER} lines and {@code BEGIN ... END} blocks in stored programs.
 */
public final class SqlSplitter {

    /** Which client's rules to follow. */
    public enum Syntax { POSTGRES, MYSQL }

    private final Syntax syntax;

    public SqlSplitter(Syntax syntax) {
        this.syntax = syntax;
    }

    /** @param firstLine the file line the script starts at (a section of a larger file starts later) */
    public List<SqlStatement> split(String script, int firstLine) {
        return new Run(script, firstLine).split();
    }

    private final class Run {
        private final String s;
        private final List<SqlStatement> out = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private int line;
        private int startLine = -1;
        private String delimiter = ";";
        private int blockDepth;
        private String previousWord = "";
        private boolean storedProgram;

        Run(String script, int firstLine) {
            this.s = script;
            this.line = firstLine;
        }

        List<SqlStatement> split() {
            int i = 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (syntax == Syntax.MYSQL && atLineStart(i) && startsWithIgnoreCase(i, "DELIMITER ")) {
                    int end = s.indexOf('\n', i);
                    end = end < 0 ? n : end;
                    flush();
                    delimiter = s.substring(i + "DELIMITER ".length(), end).strip();
                    i = end;
                    continue;
                }
                if (blockDepth == 0 && s.startsWith(delimiter, i)) {
                    flush();
                    i += delimiter.length();
                    continue;
                }
                if (c == '\n') {
                    line++;
                    current.append(c);
                    i++;
                } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                    i = skipLineComment(i);
                } else if (c == '#' && syntax == Syntax.MYSQL) {
                    i = skipLineComment(i);
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    i = copyBlockComment(i);
                } else if (c == '\'' || c == '"' || (c == '`' && syntax == Syntax.MYSQL)) {
                    i = copyQuoted(i, c);
                } else if (c == '$' && syntax == Syntax.POSTGRES && dollarTag(i) != null) {
                    i = copyDollarQuoted(i);
                } else if (Character.isLetter(c) || c == '_') {
                    i = copyWord(i);
                } else {
                    if (!Character.isWhitespace(c)) {
                        markStart();
                    }
                    current.append(c);
                    i++;
                }
            }
            flush();
            return out;
        }

        private boolean atLineStart(int i) {
            int j = i - 1;
            while (j >= 0 && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                j--;
            }
            return j < 0 || s.charAt(j) == '\n';
        }

        private boolean startsWithIgnoreCase(int i, String prefix) {
            return s.regionMatches(true, i, prefix, 0, prefix.length());
        }

        private void markStart() {
            if (startLine < 0) {
                startLine = line;
            }
        }

        private int skipLineComment(int i) {
            int end = s.indexOf('\n', i);
            int stop = end < 0 ? s.length() : end;
            if (startLine >= 0) {
                current.append(s, i, stop);
            }
            return stop;
        }

        private int copyBlockComment(int i) {
            int depth = 0;
            int j = i;
            int n = s.length();
            while (j < n) {
                if (s.startsWith("/*", j)) {
                    depth++;
                    j += 2;
                } else if (s.startsWith("*/", j)) {
                    j += 2;
                    // MySQL block comments do not nest; PostgreSQL's do.
                    if (--depth == 0 || syntax == Syntax.MYSQL) {
                        break;
                    }
                } else {
                    if (s.charAt(j) == '\n') {
                        line++;
                    }
                    j++;
                }
            }
            boolean executableComment = syntax == Syntax.MYSQL && s.startsWith("/*!", i);
            if (executableComment) {
                markStart();
            }
            if (startLine >= 0) {
                current.append(s, i, j);
            }
            return j;
        }

        private int copyQuoted(int i, char quote) {
            markStart();
            boolean backslashEscapes = syntax == Syntax.MYSQL && quote != '`'
                    || (syntax == Syntax.POSTGRES && quote == '\'' && i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e'));
            int j = i + 1;
            int n = s.length();
            while (j < n) {
                char c = s.charAt(j);
                if (c == '\n') {
                    line++;
                }
                if (backslashEscapes && c == '\\') {
                    j += 2;
                    continue;
                }
                if (c == quote) {
                    if (j + 1 < n && s.charAt(j + 1) == quote) {
                        j += 2;
                        continue;
                    }
                    j++;
                    break;
                }
                j++;
            }
            current.append(s, i, Math.min(j, n));
            return Math.min(j, n);
        }

        private String dollarTag(int i) {
            int j = i + 1;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j < s.length() && s.charAt(j) == '$') {
                String tag = s.substring(i, j + 1);
                return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
            }
            return null;
        }

        private int copyDollarQuoted(int i) {
            markStart();
            String tag = dollarTag(i);
            int end = s.indexOf(tag, i + tag.length());
            int stop = end < 0 ? s.length() : end + tag.length();
            for (int k = i; k < stop; k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                }
            }
            current.append(s, i, stop);
            return stop;
        }

        private int copyWord(int i) {
            markStart();
            int j = i;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
                if (j > i && s.startsWith(delimiter, j)) {
                    break; // "END$$" under DELIMITER $$: the delimiter ends the word, as in the mysql client
                }
                j++;
            }
            String word = s.substring(i, j).toUpperCase(Locale.ROOT);
            trackBlocks(word);
            current.append(s, i, j);
            return j;
        }

        /** Keeps semicolons inside a function body from ending the statement. */
        private void trackBlocks(String word) {
            if (syntax == Syntax.POSTGRES) {
                if (blockDepth == 0 && word.equals("ATOMIC") && previousWord.equals("BEGIN")) {
                    blockDepth = 1;
                } else if (blockDepth > 0 && word.equals("CASE")) {
                    blockDepth++;
                } else if (blockDepth > 0 && word.equals("END")) {
                    blockDepth--;
                }
            } else if (delimiter.equals(";")) {
                if (!storedProgram && isStoredProgramKind(word) && current.toString().strip().regionMatches(true, 0, "CREATE", 0, 6)) {
                    storedProgram = true;
                }
                if (storedProgram) {
                    boolean afterEnd = previousWord.equals("END");
                    if (word.equals("BEGIN") || (word.equals("CASE") && blockDepth > 0 && !afterEnd)) {
                        blockDepth++;
                    } else if (word.equals("END") && blockDepth > 0) {
                        blockDepth--;
                    } else if (afterEnd && (word.equals("IF") || word.equals("LOOP") || word.equals("WHILE") || word.equals("REPEAT"))) {
                        // "END IF" and friends closed no BEGIN: undo the decrement made for END.
                        blockDepth++;
                    }
                }
            }
            previousWord = word;
        }

        private boolean isStoredProgramKind(String word) {
            return word.equals("PROCEDURE") || word.equals("FUNCTION") || word.equals("TRIGGER") || word.equals("EVENT");
        }

        private void flush() {
            String sql = current.toString().strip();
            if (!sql.isEmpty() && startLine >= 0) {
                out.add(new SqlStatement(sql, startLine));
            }
            current.setLength(0);
            startLine = -1;
            blockDepth = 0;
            previousWord = "";
            storedProgram = false;
        }
    }
}
