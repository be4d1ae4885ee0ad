package dev.vigil.clientsdk;

import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.wire.TeosJson;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/** Members of an error answer beyond the two {@link TeosJson#parseApiError} keeps. */
final class ErrorMembers {
    private ErrorMembers() {}

    /**
     * The {@code tower_height} member of a 129 answer (docs/monitoring.md 5.1), if it has a u32 one.
     * {@link TeosJson#parseApiError} keeps only {@code error} and {@code error_code}, so this reads the
     * body itself: the top-level string token {@code "tower_height"} followed by {@code :} and digits,
     * skipping every other string whole (escapes included), so a message that mentions the member
     * cannot be mistaken for it. A wrong value would only make the one retry fail.
     */
    static OptionalLong towerHeight(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int depth = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '"') {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= text.length()) {
                    return OptionalLong.empty();
                }
                if (depth == 1 && text.substring(i + 1, end).equals("tower_height")) {
                    OptionalLong v = decimalAfterColon(text, end + 1);
                    if (v.isPresent()) {
                        return v;
                    }
                }
                i = end + 1;
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        }
        return OptionalLong.empty();
    }

    private static OptionalLong decimalAfterColon(String text, int from) {
        int i = skipSpace(text, from);
        if (i >= text.length() || text.charAt(i) != ':') {
            return OptionalLong.empty();
        }
        i = skipSpace(text, i + 1);
        int start = i;
        while (i < text.length() && i - start <= 10 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == start || i - start > 10) {
            return OptionalLong.empty();
        }
        long v = Long.parseLong(text.substring(start, i));
        return v <= Uint32.MAX ? OptionalLong.of(v) : OptionalLong.empty();
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n' || text.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }
}
