package dev.ferry.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Where the CLI writes: results to stdout, notices and errors to stderr (so --json output stays clean). */
final class Console {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final PrintStream ERR = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    private Console() {
    }

    /** Set while a command's walk-through output is not wanted ({@code demo -q}); results printed after it show again. */
    private static volatile boolean muted;

    static void out(String line) {
        if (muted) {
            return;
        }
        LiveLines block = live;
        if (block != null) {
            block.print(line);
        } else {
            OUT.println(line);
        }
    }

    static void mute(boolean on) {
        muted = on;
    }

    static void err(String line) {
        LiveLines block = live;
        if (block != null) {
            block.print(line);
        } else {
            ERR.println(line);
        }
    }

    /** Lines that update in place at the bottom of the terminal, if any: other output goes above them while they show. */
    private static volatile LiveLines live;

    static void live(LiveLines block) {
        live = block;
    }

    /** Asks a question on the terminal; {@code null} when there is no terminal to ask on. */
    static String ask(String prompt) {
        if (System.console() == null) {
            return null;
        }
        return System.console().readLine("%s", prompt);
    }

    /**
     * Asks a yes/no question before a destructive change; without a terminal it refuses (exit 5),
     * naming the command that confirms up front.
     *
     * @param confirmedCommand the command line with {@code --confirm}, for the refusal's message
     */
    static boolean confirm(String question, String confirmedCommand) {
        String answer = ask(question + " [y/N] ");
        if (answer == null) {
            throw new dev.ferry.FerryException(dev.ferry.ErrorCode.REFUSED_FOR_SAFETY, "Not on a terminal, so not asking: run '"
                    + confirmedCommand + "' to go ahead");
        }
        return answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes");
    }

    /** Asks for a secret without echoing it; {@code null} when there is no terminal to ask on. */
    static char[] askSecret(String prompt) {
        if (System.console() == null) {
            return null;
        }
        return System.console().readPassword("%s", prompt);
    }
}
