package dev.vigil.towerprotocol.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hint of the BOLT 3 Appendix C channel (its funding outpoint and funding keys), checked against
 * SHA256 computed here over the concatenation written out by hand, and pinned.
 */
class WatchHintTest {
    private static final JsonNode COMMON = SharedFiles.json("vectors/bolt3-commitment-txs.json").get("common");
    /** The public key of the secret key 1 (ln-message-signing.json's signer), as a tower id. */
    static final TowerId TOWER = TowerId.fromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");

    private final PublicKey local = PublicKey.fromHex(COMMON.get("local_funding_pubkey").asText());
    private final PublicKey remote = PublicKey.fromHex(COMMON.get("remote_funding_pubkey").asText());
    private final Outpoint funding = new Outpoint(Txid.fromDisplayHex(COMMON.get("funding_tx_id").asText()),
            COMMON.get("funding_output_index").asLong());

    @Test
    void theFundingScriptIsBolt3sWhicheverOrderTheKeysComeIn() {
        Bytes expected = Bytes.fromHex(COMMON.get("funding_witness_script").asText());
        assertEquals(expected, WatchHint.fundingScript(local, remote));
        assertEquals(expected, WatchHint.fundingScript(remote, local));
        assertTrue(WatchHint.isFundingScript(expected));
    }

    @Test
    void theHintIsTheTruncatedSha256OfTagTowerOutpointAndScript() throws Exception {
        byte[] script = Hex.decode(COMMON.get("funding_witness_script").asText());
        byte[] txidInternal = reverse(Hex.decode(COMMON.get("funding_tx_id").asText()));
        long vout = COMMON.get("funding_output_index").asLong();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("vigil/watch-hint/v1".getBytes(StandardCharsets.US_ASCII));
        sha.update(Hex.decode(TOWER.toHex()));
        sha.update(txidInternal);
        sha.update(new byte[] {(byte) vout, (byte) (vout >> 8), (byte) (vout >> 16), (byte) (vout >> 24)});
        sha.update(script);
        byte[] expected = Arrays.copyOf(sha.digest(), 16);

        WatchHint hint = WatchHint.of(TOWER, funding, local, remote);
        assertArrayEquals(expected, hint.value().toArray());
        assertEquals("d9b430165c32054504fdc9f1aae1f6fc", hint.toHex(), "pinned (hashlib gives the same)");
        assertEquals(19, WatchHint.tag().length);
        assertEquals(WatchId.of(hint).value(), hint.value(), "a hint watch is keyed by its hint");
    }

    @Test
    void computedInPlaceFromARawBufferItIsTheSame() {
        byte[] script = WatchHint.fundingScript(local, remote).toArray();
        byte[] raw = new byte[300];
        Arrays.fill(raw, (byte) 0x5a);
        System.arraycopy(funding.serialize(), 0, raw, 17, 36);
        System.arraycopy(script, 0, raw, 150, 71);
        assertTrue(WatchHint.isFundingScript(raw, 150, 71));
        assertFalse(WatchHint.isFundingScript(raw, 150, 70));
        assertEquals(WatchHint.of(TOWER, funding, local, remote), WatchHint.compute(TOWER, raw, 17, raw, 150));
    }

    @Test
    void everyInputChangesTheHint() {
        WatchHint base = WatchHint.of(TOWER, funding, local, remote);
        assertNotEquals(base, WatchHint.of(TowerId.fromHex(remote.toHex()), funding, local, remote), "another tower");
        assertNotEquals(base, WatchHint.of(TOWER, new Outpoint(funding.txid(), 1), local, remote), "another vout");
        byte[] txid = funding.txid().internalBytes();
        for (int i = 0; i < txid.length; i++) {
            byte[] t = txid.clone();
            t[i] ^= 1;
            assertNotEquals(base, WatchHint.of(TOWER, new Outpoint(Txid.ofInternal(t), funding.vout()), local, remote), "txid byte " + i);
        }
        byte[] script = WatchHint.fundingScript(local, remote).toArray();
        for (int i : new int[] {2, 20, 34, 36, 50, 68}) {
            byte[] s = script.clone();
            s[i] ^= 1;
            assertNotEquals(base, WatchHint.of(TOWER, funding, Bytes.of(s)), "script byte " + i);
        }
    }

    @Test
    void onlyA2of2ScriptIsHashed() {
        byte[] script = WatchHint.fundingScript(local, remote).toArray();
        for (int i : new int[] {0, 1, 35, 69, 70}) {
            byte[] s = script.clone();
            s[i] ^= 1;
            assertFalse(WatchHint.isFundingScript(Bytes.of(s)), "byte " + i);
            assertThrows(IllegalArgumentException.class, () -> WatchHint.of(TOWER, funding, Bytes.of(s)));
        }
        assertThrows(IllegalArgumentException.class, () -> WatchHint.of(TOWER, funding, Bytes.of(Arrays.copyOf(script, 72))));
        assertThrows(IllegalArgumentException.class, () -> WatchHint.fromHex("00"));
    }

    @Test
    void anOutpointWatchIdIsTheTxidPrefixAndTheVoutBigEndian() {
        Outpoint o = new Outpoint(funding.txid(), 0x01020304L);
        byte[] expected = new byte[16];
        System.arraycopy(funding.txid().internalBytes(), 0, expected, 0, 12);
        expected[12] = 1;
        expected[13] = 2;
        expected[14] = 3;
        expected[15] = 4;
        assertArrayEquals(expected, WatchId.of(o).value().toArray());
    }

    @Test
    void outpointsSerializeAsAnInputAndParseStrictly() {
        Outpoint o = new Outpoint(funding.txid(), 0x01020304L);
        byte[] s = o.serialize();
        assertArrayEquals(funding.txid().internalBytes(), Arrays.copyOf(s, 32));
        assertArrayEquals(new byte[] {4, 3, 2, 1}, Arrays.copyOfRange(s, 32, 36));
        String text = COMMON.get("funding_tx_id").asText() + ":16909060";
        assertEquals(text, o.toString());
        assertEquals(Optional.of(o), Outpoint.parse(text));
        String txid = COMMON.get("funding_tx_id").asText();
        for (String bad : new String[] {txid, txid + ":", txid + ":01", txid + ":-1", txid + ":+1", txid + ":4294967296",
                txid + ":1:2", txid.toUpperCase(java.util.Locale.ROOT) + ":1", txid.substring(2) + ":1", "zz" + txid.substring(2) + ":1",
                txid + ": 1", "", ":"}) {
            assertEquals(Optional.empty(), Outpoint.parse(bad), bad);
        }
        assertEquals(Optional.of(new Outpoint(funding.txid(), 4294967295L)), Outpoint.parse(txid + ":4294967295"));
        assertThrows(IllegalArgumentException.class, () -> new Outpoint(funding.txid(), -1));
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
