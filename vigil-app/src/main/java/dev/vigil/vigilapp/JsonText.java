package dev.vigil.vigilapp;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little JSON {@code vigil admin} needs, without a JSON library in the launcher: a flat request object, an
 * answer indented for a person, and the {@code error} of an error answer. The answers come from the tower's
 * own encoder, so the indenter only has to respect strings; it never changes a value.
 */
final class JsonText {
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private JsonText() {}

    /** {@code {"k": v, ...}}: strings quoted and escaped, numbers as they are. */
    static String object(Map<String, Object> members) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : members.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            quote(b, e.getKey()).append(':');
            if (e.getValue() instanceof Number n) {
                b.append(n);
            } else {
                quote(b, String.valueOf(e.getValue()));
            }
        }
        return b.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"');
    }

    static boolean looksLikeJson(String body) {
        String t = body.strip();
        return t.startsWith("{") && t.endsWith("}") || t.startsWith("[") && t.endsWith("]");
    }

    /** {@code json} with two spaces of indent per level, one member or element a line, {@code "k": v}. */
    static String indent(String json) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        String t = json.strip();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < t.length()) {
                    out.append(t.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    char close = c == '{' ? '}' : ']';
                    int next = skipSpace(t, i + 1);
                    if (next < t.length() && t.charAt(next) == close) {
                        out.append(c).append(close); // {} and [] stay on one line
                        i = next;
                    } else {
                        out.append(c);
                        newline(out, ++depth);
                    }
                }
                case '}', ']' -> {
                    newline(out, --depth);
                    out.append(c);
                }
                case ',' -> {
                    out.append(c);
                    newline(out, depth);
                }
                case ':' -> out.append(": ");
                case ' ', '\n', '\r', '\t' -> { }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static int skipSpace(String t, int i) {
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n').append("  ".repeat(Math.max(0, depth)));
    }

    /** The {@code error} string of an error answer, unescaped. */
    static Optional<String> errorOf(String json) {
        Matcher m = ERROR.matcher(json);
        if (!m.find()) {
            return Optional.empty();
        }
        String raw = m.group(1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 == raw.length()) {
                b.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (i + 4 < raw.length()) {
                        b.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> b.append(e);
            }
        }
        return Optional.of(b.toString());
    }
}
