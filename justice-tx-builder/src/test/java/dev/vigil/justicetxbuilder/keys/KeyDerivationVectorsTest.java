package dev.vigil.justicetxbuilder.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** bolt3-key-derivation.json: Appendix E cases and the Appendix C key set. */
class KeyDerivationVectorsTest {
    private static final JsonNode FILE = SharedFiles.json("vectors/bolt3-key-derivation.json");

    private static PublicKey pub(JsonNode n, String field) {
        return new PublicKey(Bytes.of(SharedFiles.hex(n, field)));
    }

    private static PrivateKey priv(JsonNode n, String field) {
        return new PrivateKey(Bytes.of(SharedFiles.hex(n, field)));
    }

    @TestFactory
    List<DynamicTest> appendixE() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FILE.get("cases")) {
            JsonNode in = c.get("inputs");
            JsonNode exp = c.get("expected");
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                if (exp.has("pubkey")) {
                    assertEquals(pub(exp, "pubkey"),
                            Bolt3Keys.derivePublicKey(pub(in, "basepoint"), pub(in, "per_commitment_point")));
                } else if (exp.has("privkey")) {
                    PrivateKey derived = Bolt3Keys.derivePrivateKey(
                            priv(in, "basepoint_secret"), pub(in, "per_commitment_point"));
                    assertEquals(priv(exp, "privkey"), derived);
                    assertEquals(pub(in, "basepoint"), Bolt3Keys.publicKey(priv(in, "basepoint_secret")));
                } else if (exp.has("revocationpubkey")) {
                    assertEquals(pub(exp, "revocationpubkey"), Bolt3Keys.revocationPublicKey(
                            pub(in, "revocation_basepoint"), pub(in, "per_commitment_point")));
                } else if (exp.has("revocationprivkey")) {
                    PrivateKey k = Bolt3Keys.revocationPrivateKey(
                            priv(in, "revocation_basepoint_secret"), priv(in, "per_commitment_secret"));
                    assertEquals(priv(exp, "revocationprivkey"), k);
                } else {
                    throw new AssertionError("unknown case kind " + exp);
                }
            }));
        }
        assertEquals(4, tests.size());
        return tests;
    }

    @Test
    void appendixECommonPointsMatchTheirSecrets() {
        JsonNode c = FILE.get("appendix_e_common");
        assertEquals(pub(c, "base_point"), Bolt3Keys.publicKey(priv(c, "base_secret")));
        assertEquals(pub(c, "per_commitment_point"), Bolt3Keys.perCommitmentPoint(priv(c, "per_commitment_secret")));
    }

    @Test
    void appendixCKeySet() {
        JsonNode k = FILE.get("appendix_c_keys");
        JsonNode s = k.get("secrets");
        JsonNode p = k.get("points");
        JsonNode d = k.get("derived_official");
        PublicKey point = pub(p, "local_per_commitment_point");
        assertEquals(point, Bolt3Keys.perCommitmentPoint(priv(s, "local_per_commitment_secret")));
        assertEquals(pub(d, "local_htlcpubkey"), Bolt3Keys.derivePublicKey(pub(p, "local_htlc_basepoint"), point));
        assertEquals(pub(d, "remote_htlcpubkey"), Bolt3Keys.derivePublicKey(pub(p, "remote_htlc_basepoint"), point));
        assertEquals(pub(d, "local_delayedpubkey"),
                Bolt3Keys.derivePublicKey(pub(p, "local_delayed_payment_basepoint"), point));
        assertEquals(priv(d, "local_delayed_privkey"),
                Bolt3Keys.derivePrivateKey(priv(s, "local_delayed_payment_basepoint_secret"), point));
        assertEquals(pub(d, "local_revocation_pubkey"),
                Bolt3Keys.revocationPublicKey(pub(p, "remote_revocation_basepoint"), point));
        PrivateKey revocation = Bolt3Keys.revocationPrivateKey(
                priv(s, "remote_revocation_basepoint_secret"), priv(s, "local_per_commitment_secret"));
        assertEquals(priv(k, "revocation_privkey_computed"), revocation);
        assertEquals(pub(d, "local_revocation_pubkey"), Bolt3Keys.publicKey(revocation));
        assertEquals(priv(d, "local_privkey"),
                Bolt3Keys.derivePrivateKey(priv(s, "local_payment_basepoint_secret"), point));
        assertEquals(priv(d, "remote_privkey_legacy_tweaked"),
                Bolt3Keys.derivePrivateKey(priv(s, "remote_payment_basepoint_secret"), point));
        assertEquals(pub(p, "remote_payment_basepoint"), Bolt3Keys.publicKey(priv(s, "remote_payment_basepoint_secret")));
    }

    @Test
    void keyValuesAreChecked() {
        String g = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
        assertEquals(g, Bolt3Keys.publicKey(new PrivateKey(Bytes.fromHex("00".repeat(31) + "01"))).toHex());
        assertThrows(IllegalArgumentException.class, () -> new PrivateKey(Bytes.fromHex("00".repeat(32))));
        assertThrows(IllegalArgumentException.class, () -> new PrivateKey(Bytes.fromHex(
                "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")));
        assertThrows(IllegalArgumentException.class, () -> new PrivateKey(Bytes.fromHex("01")));
        assertThrows(IllegalArgumentException.class, () -> PublicKey.fromHex("04" + g.substring(2)));
        // x = 5 is not the abscissa of any secp256k1 point.
        assertThrows(IllegalArgumentException.class,
                () -> Bolt3Keys.requireOnCurve(PublicKey.fromHex("02" + "00".repeat(31) + "05"), "a basepoint"));
        assertEquals(PublicKey.fromHex(g), Bolt3Keys.requireOnCurve(PublicKey.fromHex(g), "G"));
        assertEquals("PrivateKey[redacted]", PrivateKey.fromHex("11".repeat(32)).toString());
    }
}
