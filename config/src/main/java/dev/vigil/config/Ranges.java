package dev.vigil.config;

/** Range checks shared by the records and the loader, with messages that name the key. */
final class Ranges {
    private Ranges() {}

    static long check(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " = " + value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }
}
