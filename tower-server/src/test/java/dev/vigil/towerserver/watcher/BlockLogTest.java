package dev.vigil.towerserver.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.towerprotocol.testsupport.LogCapture;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The block log's rule: a line per block at the tip, a progress line every few seconds during a catch-up. */
class BlockLogTest {
    private static final Hash256 HASH = Hash256.fromDisplayHex("00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054");
    private long now;
    private final BlockLog log = new BlockLog(() -> now);

    @Test
    void atTheTipEveryBlockHasItsLineInTheDocumentedShape() {
        try (LogCapture capture = LogCapture.of(BlockLog.class)) {
            log.connected(812_345, HASH, 3_412, 0, 41_700_000, 0);
            log.connected(812_346, HASH, 1, 1, 2_000_000, BlockLog.TIP_WINDOW);
            log.disconnected(812_346, HASH);
            assertEquals(List.of(
                    "block 812345 " + HASH + ": 3,412 txs, 0 breaches, 41 ms",
                    "block 812346 " + HASH + ": 1 tx, 1 breach, 2 ms",
                    "block 812346 " + HASH + " disconnected (reorg): the tip is back at height 812345"),
                    capture.messages(Level.INFO));
        }
    }

    @Test
    void aCatchUpLogsItsStartItsProgressEveryFiveSecondsAndItsEndNotEachBlock() {
        try (LogCapture capture = LogCapture.of(BlockLog.class)) {
            int best = 11_000;
            // 1,000 blocks behind: 100 blocks a second for 9.99 s, then the last TIP_WINDOW blocks at the tip.
            for (int h = 10_000; h <= best; h++) {
                log.connected(h, HASH, 2, h == 10_500 ? 1 : 0, 1_000_000, best - h);
                now += 10_000_000; // 10 ms a block
            }
            List<String> lines = capture.messages(Level.INFO);
            assertEquals(List.of(
                    "catching up: 1,001 blocks behind bitcoind (heights 10,000 to 11,000)",
                    "catching up: height 10,500, 100.2 blocks/s, 500 blocks remaining, 1 breach so far",
                    "caught up at height 10,993: 994 blocks in 9.9 s (100.0 blocks/s), 1 breach"),
                    lines.subList(0, 3));
            assertEquals(3 + BlockLog.TIP_WINDOW + 1, lines.size(), "then a line per block: " + lines);
            assertEquals("block 10994 " + HASH + ": 2 txs, 0 breaches, 1 ms", lines.get(3));
        }
    }
}
