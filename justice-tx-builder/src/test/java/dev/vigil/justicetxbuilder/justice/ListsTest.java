package dev.vigil.justicetxbuilder.justice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists keeps List.of/List.copyOf's contract: a snapshot, unmodifiable, no nulls. */
class ListsTest {
    @Test
    void copyOfIsAnUnmodifiableSnapshot() {
        List<String> source = new ArrayList<>(List.of("a", "b"));
        List<String> copy = Lists.copyOf(source);
        source.add("c");
        assertEquals(List.of("a", "b"), copy);
        assertThrows(UnsupportedOperationException.class, () -> copy.add("d"));
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> Lists.copyOf(Arrays.asList("a", null)));
        assertThrows(NullPointerException.class, () -> Lists.copyOf(null));
        assertThrows(NullPointerException.class, () -> Lists.of(null));
    }

    @Test
    void ofMakesUnmodifiableLists() {
        assertEquals(List.of(), Lists.of());
        assertEquals(List.of("x"), Lists.of("x"));
        assertThrows(UnsupportedOperationException.class, () -> Lists.of("x").add("y"));
    }
}
