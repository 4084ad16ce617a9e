package dev.ferry.verify;

import java.util.List;

/**
 * The result of one check on one table or entity.
 *
 * @param count offending rows (0 when passed)
 * @param sample some offending keys or values, to start looking from
 */
public record Finding(String check, String subject, Severity severity, CheckStatus status, long count, List<String> sample,
                      String message) {

    static Finding passed(String check, String subject, Severity severity, String message) {
        return new Finding(check, subject, severity, CheckStatus.PASSED, 0, List.of(), message);
    }

    static Finding failed(String check, String subject, Severity severity, long count, List<String> sample, String message) {
        return new Finding(check, subject, severity, CheckStatus.FAILED, count, sample, message);
    }

    static Finding notRun(String check, String subject, Severity severity, String why) {
        return new Finding(check, subject, severity, CheckStatus.NOT_RUN, 0, List.of(), why);
    }

    /**
     * Whether this finding fails the verification (exit code 3): a check at error severity that
     * failed, or that could not run, since a gate must not pass on a check it never made.
     */
    public boolean failsRun() {
        return status != CheckStatus.PASSED && severity == Severity.ERROR;
    }
}
