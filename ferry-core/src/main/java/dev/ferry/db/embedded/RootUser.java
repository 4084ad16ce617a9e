package dev.ferry.db.embedded;

import java.io.IOException;

/** Whether this process runs as root, which PostgreSQL refuses to do. */
final class RootUser {
    private static Boolean root;

    private RootUser() {
    }

    static synchronized boolean isRoot() {
        if (root == null) {
            root = detect();
        }
        return root;
    }

    private static boolean detect() {
        if (PostgresBinaries.osName().equals("windows")) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
