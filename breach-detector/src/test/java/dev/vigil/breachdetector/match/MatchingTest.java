package dev.vigil.breachdetector.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.LocatorBatch;
import dev.vigil.breachdetector.testing.RecordedTraffic;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatchingTest {
    private static final byte[] SEGWIT_RAW = SharedFiles.bytes("fixtures/blocks/regtest-segwit-4000.raw");

    /** Locators taken from bitcoinj's txids (internal order = reversed display bytes). */
    private static List<Bytes> bitcoinjLocators(int... positions) {
        var txs = org.bitcoinj.core.Block.read(ByteBuffer.wrap(SEGWIT_RAW)).getTransactions();
        List<Bytes> out = new ArrayList<>();
        for (int p : positions) {
            out.add(Bytes.of(txs.get(p).getTxId().getBytes()).reversed().slice(0, 16));
        }
        return out;
    }

    @Test
    void aBlocksLocatorsAreBitcoinjsTxidsCutInBlockOrder() {
        Block block = Block.parse(SEGWIT_RAW).orElseThrow();
        LocatorBatch batch = block.locators();
        assertEquals(block.transactionCount(), batch.count());
        List<Bytes> expected = bitcoinjLocators(0, 7, 1234, 3999, 4000);
        int[] positions = {0, 7, 1234, 3999, 4000};
        for (int k = 0; k < positions.length; k++) {
            assertEquals(expected.get(k), batch.get(positions[k]));
        }
    }

    @Test
    void lateAppointmentsFindRecentBlocksUntilTheyAgeOutOrAreDisconnected() {
        List<Block> chain = RecordedTraffic.zmqRawBlocks();
        RecentBlocks recent = new RecentBlocks();
        Block big = Block.parse(SEGWIT_RAW).orElseThrow();
        Bytes deepLocator = bitcoinjLocators(2500).get(0);

        recent.connected(big, 1000);
        RecentBlocks.RecentTransaction found = recent.find(deepLocator).orElseThrow();
        assertEquals(big.hash(), found.blockHash());
        assertEquals(1000, found.height());
        assertEquals(big.txid(2500), found.txid());
        assertEquals(found.txid(), found.transaction().txid());

        for (int k = 0; k < 5; k++) {
            recent.connected(chain.get(k), 1001 + k);
        }
        assertEquals(6, recent.size());
        assertTrue(recent.find(deepLocator).isPresent(), "6th newest block is still held");
        recent.connected(chain.get(5), 1006);
        assertEquals(6, recent.size());
        assertEquals(Optional.empty(), recent.find(deepLocator), "7th newest block aged out");

        Block tip = chain.get(5);
        Bytes tipCoinbase = LocatorBatch.locatorOf(tip.txid(0));
        assertEquals(tip.hash(), recent.find(tipCoinbase).orElseThrow().blockHash());
        recent.disconnected(tip.hash());
        assertEquals(Optional.empty(), recent.find(tipCoinbase));
        assertEquals(5, recent.size());
    }

    @Test
    void reconnectingTheSameBlockKeepsOneEntry() {
        Block block = RecordedTraffic.zmqRawBlocks().get(0);
        RecentBlocks recent = new RecentBlocks(2);
        recent.connected(block, 1);
        recent.connected(block, 1);
        assertEquals(1, recent.size());
        assertThrows(IllegalArgumentException.class, () -> recent.find(Bytes.of(new byte[15])));
        assertThrows(IllegalArgumentException.class, () -> new RecentBlocks(0));
    }
}
