package dev.ferry.db;

import java.util.regex.Pattern;

/** JDBC URL helpers; above all, masking passwords before a URL is printed or logged. */
public final class JdbcUrls {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;](password|pwd|sslpassword)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]+:)[^@/]*@");
    private static final Pattern USER_PARAM = Pattern.compile("(?i)[?&;]user=([^&;]*)");
    private static final Pattern URL_USER = Pattern.compile("//([^/@:]+)(:[^@/]*)?@");

    private JdbcUrls() {
    }

    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1***@");
    }

    /** The user a URL itself names ({@code ?user=app}, or {@code //app:secret@host}), or {@code null}. */
    public static String user(String url) {
        java.util.regex.Matcher m = USER_PARAM.matcher(url);
        if (m.find()) {
            return m.group(1);
        }
        m = URL_USER.matcher(url);
        return m.find() ? m.group(1) : null;
    }

    /** Host and port part of a URL, for messages such as "cannot reach 127.0.0.1:5432". */
    public static String hostPart(String url) {
        int start = url.indexOf("//");
        if (start < 0) {
            return redact(url);
        }
        String rest = url.substring(start + 2);
        int at = rest.indexOf('@');
        if (at >= 0 && at < rest.indexOf('/') ) {
            rest = rest.substring(at + 1);
        }
        int end = rest.length();
        for (char c : new char[] {'/', '?', ';'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return rest.substring(0, end);
    }

    /** The database a URL names ({@code app} in {@code jdbc:postgresql://h:5432/app?ssl=true}), or "" when it names none. */
    public static String databaseName(String url) {
        int start = url.indexOf("//");
        int slash = start < 0 ? -1 : url.indexOf('/', start + 2);
        if (slash < 0) {
            return "";
        }
        int end = indexOfAny(url, slash);
        return url.substring(slash + 1, end < 0 ? url.length() : end);
    }

    /** The same server, another database: used to create and drop scratch databases. */
    public static String withDatabase(String url, String database) {
        int start = url.indexOf("//");
        int slash = url.indexOf('/', start + 2);
        int query = indexOfAny(url, slash < 0 ? start + 2 : slash);
        String params = query < 0 ? "" : url.substring(query);
        String base = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
        return base + "/" + database + params;
    }

    private static int indexOfAny(String url, int from) {
        int q = url.indexOf('?', from);
        int s = url.indexOf(';', from);
        if (q < 0) {
            return s;
        }
        return s < 0 ? q : Math.min(q, s);
    }
}
