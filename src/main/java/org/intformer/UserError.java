package org.intformer;

/**
 * A problem with what the user gave us (a file, a flag, a config value), as opposed to a bug. The CLI prints
 * its one-line message and exits with code 2; the message must say what is wrong and where (file, row,
 * column, option) without a stack trace.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
