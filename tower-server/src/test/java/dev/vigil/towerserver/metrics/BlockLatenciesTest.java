package dev.vigil.towerserver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockLatenciesTest {
    @Test
    void keepsTheLastBlocksOldestFirstInMilliseconds() {
        BlockLatencies ring = new BlockLatencies(3);
        assertEquals(List.of(), ring.snapshot());
        ring.blockProcessed(10, 1, 0, 1_500_000);
        assertEquals(List.of(new BlockLatencies.Point(10, 1.5)), ring.snapshot());
        for (int h = 11; h <= 14; h++) {
            ring.blockProcessed(h, 1, 0, h * 1_000_000L);
        }
        assertEquals(List.of(new BlockLatencies.Point(12, 12.0), new BlockLatencies.Point(13, 13.0), new BlockLatencies.Point(14, 14.0)),
                ring.snapshot());
        assertThrows(UnsupportedOperationException.class, () -> ring.snapshot().clear());
    }
}
