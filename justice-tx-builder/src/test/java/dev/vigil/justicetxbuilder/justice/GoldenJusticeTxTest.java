package dev.vigil.justicetxbuilder.justice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact bytes of a few justice transactions. Signatures are RFC6979-deterministic, so any
 * change here is a change of behaviour (fee, input order, sequence, witness layout) and must be
 * deliberate. Regenerate with {@code -Dvigil.golden.update=true} after such a change, and review the
 * diff.
 */
class GoldenJusticeTxTest {
    private static final String RESOURCE = "/golden/justice-txs.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Golden(Bytes tx, Bytes parent) {}

    private static Map<String, Golden> current() {
        Map<String, Golden> out = new LinkedHashMap<>();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            boolean pinned = c.name().equals("commitment tx with all five HTLCs untrimmed (minimum feerate)")
                    || c.name().equals("commitment tx with seven outputs untrimmed")
                    || c.name().equals("simple commitment tx with no HTLCs");
            if (!pinned) {
                continue;
            }
            JusticeTxBuilder b = Bolt3Vectors.builder(c.type());
            for (long feerate : new long[] {253, 5_000}) {
                JusticeResult r = b.build(Bolt3Vectors.revoked(c), Sweep.to(Bolt3Vectors.sweepScript(), feerate));
                JusticeTx jt = assertInstanceOf(JusticeResult.Built.class, r).only();
                out.put(c.displayName() + " @ " + feerate + " sat/kw", new Golden(jt.rawTx(), c.commitTx()));
            }
            if (!c.type().hasAnchors() && c.json().get("htlc_txs").size() > 0) {
                SecondStageResult.Predicted p = assertInstanceOf(SecondStageResult.Predicted.class,
                        b.secondStageJustice(Bolt3Vectors.revoked(c), c.feeratePerKw(),
                                Sweep.to(Bolt3Vectors.sweepScript(), 253)));
                JusticeTx jt = assertInstanceOf(JusticeResult.Built.class, p.entries().get(0).justice()).only();
                Bytes htlcTx = Bytes.fromHex(c.json().get("htlc_txs").get(0).get("expected_tx").asText());
                out.put(c.displayName() + ", second stage of output "
                        + p.entries().get(0).htlcOutput().outpoint().index() + " @ 253 sat/kw", new Golden(jt.rawTx(), htlcTx));
            }
        }
        assertEquals(9, out.size());
        return out;
    }

    @Test
    void justiceBytesAreThePinnedOnes() throws IOException {
        Map<String, Golden> now = current();
        JsonNode pinned = Boolean.getBoolean("vigil.golden.update") ? write(now) : read();
        assertEquals(now.size(), pinned.get("transactions").size());
        for (JsonNode p : pinned.get("transactions")) {
            Golden g = now.get(p.get("name").asText());
            assertNotNull(g, "no longer built: " + p.get("name").asText());
            assertEquals(p.get("tx").asText(), g.tx().toHex(), p.get("name").asText());
            assertEquals(p.get("txid").asText(), Kmp.tx(g.tx()).txid.toString());
            Kmp.verify(g.tx(), g.parent());
        }
    }

    private static JsonNode read() throws IOException {
        try (InputStream in = GoldenJusticeTxTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is missing; run with -Dvigil.golden.update=true");
            return JSON.readTree(in);
        }
    }

    /** Rewrites the golden file in the source tree (the working directory is the module). */
    private static JsonNode write(Map<String, Golden> now) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", "Justice transactions built from BOLT 3 Appendix C/F commitments by "
                + "GoldenJusticeTxTest; sweep to P2WPKH(remote_payment_basepoint); txids in display order.");
        ArrayNode txs = root.putArray("transactions");
        for (Map.Entry<String, Golden> e : now.entrySet()) {
            ObjectNode t = txs.addObject();
            t.put("name", e.getKey());
            t.put("txid", Kmp.tx(e.getValue().tx()).txid.toString());
            t.put("tx", e.getValue().tx().toHex());
        }
        Path file = Path.of("src/test/resources/golden/justice-txs.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        return root;
    }
}
