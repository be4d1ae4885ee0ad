package dev.vigil.justicetxbuilder.justice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@code List.of} and {@code List.copyOf} for this package: this module runs inside the client SDK on
 * Android, whose API 26 has neither. Same contract: unmodifiable, and null elements are refused.
 */
final class Lists {
    private Lists() {}

    /** An unmodifiable copy of {@code c}; throws NullPointerException on a null list or element. */
    static <T> List<T> copyOf(Collection<? extends T> c) {
        List<T> copy = new ArrayList<>(c);
        copy.forEach(e -> Objects.requireNonNull(e, "element"));
        return Collections.unmodifiableList(copy);
    }

    /** The empty unmodifiable list. */
    static <T> List<T> of() {
        return Collections.emptyList();
    }

    /** An unmodifiable list of the one non-null element. */
    static <T> List<T> of(T e) {
        return Collections.singletonList(Objects.requireNonNull(e, "element"));
    }
}
