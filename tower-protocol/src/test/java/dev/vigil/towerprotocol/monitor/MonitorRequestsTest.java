package dev.vigil.towerprotocol.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signed message of every monitoring request, pinned by golden files, and the watch receipt's bytes. */
class MonitorRequestsTest {
    private static final TowerId TOWER = WatchHintTest.TOWER;
    private static final WatchHint HINT = WatchHint.fromHex("d9b430165c32054504fdc9f1aae1f6fc");
    private static final Outpoint OUTPOINT = new Outpoint(
            Txid.fromDisplayHex("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 1);

    @Test
    void everyMessageIsThePinnedText() {
        Golden.assertBytes("requests/watch_add_hint.txt", MonitorRequests.watchAdd(TOWER, 812345, HINT));
        Golden.assertBytes("requests/watch_add_outpoint.txt", MonitorRequests.watchAdd(TOWER, 812345, OUTPOINT));
        Golden.assertBytes("requests/watch_remove.txt", MonitorRequests.watchRemove(TOWER, 812345, WatchId.of(OUTPOINT)));
        Golden.assertBytes("requests/watch_list.txt", MonitorRequests.watchList(TOWER, 812345));
        Golden.assertBytes("requests/events.txt", MonitorRequests.events(TOWER, 812345, 40, 100));
        Golden.assertBytes("requests/stream.txt", MonitorRequests.stream(TOWER, Bytes.fromHex("00".repeat(31) + "2a")));
        Golden.assertBytes("requests/webhook_set.txt", MonitorRequests.webhookSet(TOWER, 812345, "https://relay.example/vigil?u=1"));
        Golden.assertBytes("requests/webhook_remove.txt", MonitorRequests.webhookRemove(TOWER, 812345));
        Golden.assertBytes("requests/webhook_status.txt", MonitorRequests.webhookStatus(TOWER, 812345));
    }

    @Test
    void theTextIsWhatTheDesignSpells() {
        // Written out independently of the golden files, so a rewritten golden file cannot hide a change of layout.
        String tower = TOWER.toHex();
        assertEquals("vigil/monitor/v1 watch_add " + tower + " 812345 hint d9b430165c32054504fdc9f1aae1f6fc",
                text(MonitorRequests.watchAdd(TOWER, 812345, HINT)));
        assertEquals("vigil/monitor/v1 watch_add " + tower + " 0 outpoint 8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be:1",
                text(MonitorRequests.watchAdd(TOWER, 0, OUTPOINT)));
        assertEquals("vigil/monitor/v1 events " + tower + " 4294967295 0 500", text(MonitorRequests.events(TOWER, 4294967295L, 0, 500)));
        assertEquals("vigil/monitor/v1 stream " + tower + " " + "ab".repeat(32),
                text(MonitorRequests.stream(TOWER, Bytes.fromHex("ab".repeat(32)))));
        assertEquals("vigil/monitor/v1 watch_remove " + tower + " 7 be000000000000000000000000000001",
                text(MonitorRequests.watchRemove(TOWER, 7, WatchId.fromHex("be000000000000000000000000000001"))));
        assertEquals("vigil/monitor/v1 webhook_status " + tower + " 7", text(MonitorRequests.webhookStatus(TOWER, 7)));
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MonitorRequests.watchList(TOWER, -1));
        assertThrows(IllegalArgumentException.class, () -> MonitorRequests.watchList(TOWER, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> MonitorRequests.events(TOWER, 1, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> MonitorRequests.events(TOWER, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MonitorRequests.events(TOWER, 1, 0, 501));
        assertThrows(IllegalArgumentException.class, () -> MonitorRequests.stream(TOWER, Bytes.fromHex("ab")));
        assertThrows(IllegalArgumentException.class, () -> MonitorRequests.webhookSet(TOWER, 1, ""));
    }

    @Test
    void aSignatureNamesItsTowerAndHeight() {
        LightningMessageSigner signer = new LightningMessageSigner(Secp256k1Backends.best());
        PrivateKey user = PrivateKey.fromHex("00".repeat(31) + "02");
        PublicKey userKey = new PublicKey(Secp256k1Backends.best().publicKey(user));
        String sig = signer.sign(MonitorRequests.watchList(TOWER, 812345), user);
        assertEquals(Optional.of(userKey), signer.recover(MonitorRequests.watchList(TOWER, 812345), sig));
        assertFalse(signer.verify(MonitorRequests.watchList(new TowerId(userKey), 812345), sig, userKey), "another tower");
        assertFalse(signer.verify(MonitorRequests.watchList(TOWER, 812346), sig, userKey), "another height");
    }

    @Test
    void theWatchReceiptIsTagSignatureStringAndStartHeight() {
        WatchReceipt r = new WatchReceipt("d9tibm", 0x01020304L);
        byte[] expected = ("vigil/watch-receipt/v1" + "d9tibm").getBytes(StandardCharsets.US_ASCII);
        byte[] full = new byte[expected.length + 4];
        System.arraycopy(expected, 0, full, 0, expected.length);
        full[expected.length] = 1;
        full[expected.length + 1] = 2;
        full[expected.length + 2] = 3;
        full[expected.length + 3] = 4;
        assertArrayEquals(full, r.serialize());
        assertThrows(IllegalArgumentException.class, () -> new WatchReceipt("x", -1));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
