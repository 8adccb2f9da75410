package org.lmsharness.lms.platform;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.web.server.PortInUseException;

/** Reduces a failed start to the one sentence a user can act on. */
public final class StartupFailure {

    private StartupFailure() {}

    public static String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSetting || cause instanceof PortInUseException) return cause.getMessage();
            if (cause instanceof BindException bind) {
                Throwable reason = bind.getCause() == null ? bind : bind.getCause();
                return "invalid value for '" + bind.getName() + "': " + firstLine(deepest(reason).getMessage());
            }
            root = cause;
        }
        String message = root.getMessage();
        return firstLine(message == null || message.isBlank() ? root.getClass().getSimpleName() : message);
    }

    private static Throwable deepest(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null) deepest = deepest.getCause();
        return deepest;
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
