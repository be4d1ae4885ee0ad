package dev.vigil.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.acinq.bitcoin.ByteVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DevnetOptions#withPersistentChain()}: a restarted devnet has the chain it had, as bitcoind with its datadir. */
class PersistentChainTest {
    @TempDir
    Path dir;

    private static final ByteVector SCRIPT = ByteVector.fromHex("0014" + "11".repeat(20));

    @Test
    void aRestartedDevnetHasTheSameChainAndCoins() throws Exception {
        DevnetOptions options = DevnetOptions.defaults(dir).withPersistentChain();
        String tip;
        int height;
        Devnet.FaucetPayment paid;
        try (Devnet devnet = Devnet.start(options)) {
            devnet.mine(3);
            paid = devnet.faucet(SCRIPT, 50_000); // mines the 101 blocks a coinbase needs to mature
            devnet.mine(1);
            tip = devnet.onChain(n -> n.tip().hash().toString());
            height = (int) devnet.<Integer>onChain(n -> n.height());
            assertTrue(height > 100, "height " + height);
            assertTrue(devnet.onChain(n -> n.confirmed(paid.tx().txid)).isPresent());
        }
        try (Devnet devnet = Devnet.start(options)) {
            assertEquals(height, (int) devnet.<Integer>onChain(n -> n.height()));
            assertEquals(tip, devnet.onChain(n -> n.tip().hash().toString()), "the same blocks, not new ones");
            assertTrue(devnet.onChain(n -> n.utxo(paid.outPoint())).isPresent(), "the faucet payment is still unspent");
            // The chain goes on from there, and the faucet still has its coins.
            Devnet.FaucetPayment again = devnet.faucet(SCRIPT, 10_000);
            devnet.mine(1);
            assertEquals(height + 1, (int) devnet.<Integer>onChain(n -> n.height()), "no new maturing blocks were needed");
            assertTrue(devnet.onChain(n -> n.confirmed(again.tx().txid)).isPresent());
        }
    }

    @Test
    void aDisconnectedTipIsNotKeptAndATornLastRecordIsDropped() throws Exception {
        DevnetOptions options = DevnetOptions.defaults(dir).withPersistentChain();
        String second;
        try (Devnet devnet = Devnet.start(options)) {
            java.util.List<Devnet.MinedBlock> mined = devnet.mine(3);
            second = devnet.onChain(n -> n.activeAt(2).orElseThrow().hash().toString());
            assertTrue(devnet.invalidate(mined.get(2).hash()));
            assertEquals(2, (int) devnet.<Integer>onChain(n -> n.height()));
        }
        Files.write(dir.resolve("regtest").resolve("blocks.dat"), new byte[] {0, 0, 1, 0, 7, 7}, StandardOpenOption.APPEND);
        try (Devnet devnet = Devnet.start(options)) {
            assertEquals(2, (int) devnet.<Integer>onChain(n -> n.height()));
            assertEquals(second, devnet.onChain(n -> n.tip().hash().toString()));
            devnet.mine(1);
        }
        try (Devnet devnet = Devnet.start(options)) {
            assertEquals(3, (int) devnet.<Integer>onChain(n -> n.height()), "the torn bytes were cut before the next block was appended");
        }
    }

    @Test
    void withoutTheOptionNothingIsKept() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir))) {
            devnet.mine(2);
        }
        assertFalse(Files.exists(dir.resolve("regtest").resolve("blocks.dat")));
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir))) {
            assertEquals(0, (int) devnet.<Integer>onChain(n -> n.height()));
        }
    }
}
