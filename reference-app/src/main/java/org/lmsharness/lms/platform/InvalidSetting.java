package org.lmsharness.lms.platform;

/** A configuration value that cannot work; its message names the key, the value and what is expected. */
public final class InvalidSetting extends RuntimeException {
    public InvalidSetting(String key, Object value, String expected) {
        super(key + " must be " + expected + ", got '" + value + "'");
    }
}
