package org.lmsharness.cli;

/** Ends a command with this exit status and one line on stderr (the habit of jbang's ExitException). */
final class ExitException extends RuntimeException {

    /** Bad input: an option, a file or a target that cannot be used; nothing was started. */
    static final int BAD_INPUT = 2;

    private final int status;

    ExitException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ExitException badInput(String message) {
        return new ExitException(BAD_INPUT, message);
    }
}
