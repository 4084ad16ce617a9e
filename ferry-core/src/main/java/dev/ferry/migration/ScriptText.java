package dev.ferry.migration;

/** The text of a new migration's up and down scripts, each opening with a comment that says what it is for. */
record ScriptText(String up, String down) {

    static ScriptText of(String description, String upSql, String downSql) {
        return new ScriptText("-- " + description + "\n\n" + upSql, "-- Undo: " + description + "\n\n" + downSql);
    }
}
