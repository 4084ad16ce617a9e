package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import picocli.CommandLine;

/**
 * The one place that turns failures into exit codes and messages: one line saying what is wrong
 * and how to fix it, and a stack trace only with {@code -v}.
 */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        boolean verbose = false;
        for (CommandLine.ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            verbose |= pr.hasMatchedOption("-v");
        }
        Console.err("ferry: " + message(e));
        if (verbose) {
            e.printStackTrace(System.err);
        }
        return getExitCode(e);
    }

    @Override
    public int getExitCode(Throwable t) {
        if (t instanceof FerryException fe) {
            return fe.code().exitCode();
        }
        if (t instanceof CommandLine.ParameterException) {
            return ErrorCode.INVALID_INPUT.exitCode();
        }
        return ErrorCode.FAILURE.exitCode();
    }

    private static String message(Throwable e) {
        if (e instanceof FerryException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage() + " (run with -v for details)";
    }
}
