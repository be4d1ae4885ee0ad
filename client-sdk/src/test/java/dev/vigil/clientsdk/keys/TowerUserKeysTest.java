package dev.vigil.clientsdk.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TowerUserKeysTest {
    private static final Secp256k1 SECP = Secp256k1Backends.best();
    private static final Bytes SECRET = Bytes.of(Hashes.sha256("seed".getBytes(StandardCharsets.UTF_8)));

    private static TowerId tower(String name) {
        return new TowerId(new PublicKey(SECP.publicKey(new PrivateKey(Bytes.of(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)))))));
    }

    @Test
    void theKeyIsTheDocumentedHmac() throws Exception {
        TowerId t = tower("a");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.toArray(), "HmacSHA256"));
        mac.update("vigil/tower-user-key".getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(t.key().compressed().toArray());
        assertArrayEquals(expected, TowerUserKeys.derive(SECRET, t).value().toArray());
    }

    @Test
    void keysDifferPerTowerAndPerSecretAndAreStable() {
        PrivateKey a = TowerUserKeys.derive(SECRET, tower("a"));
        assertEquals(a, TowerUserKeys.derive(Bytes.of(SECRET.toArray()), tower("a")));
        assertNotEquals(a, TowerUserKeys.derive(SECRET, tower("b")));
        assertNotEquals(a, TowerUserKeys.derive(Bytes.of(Hashes.sha256("other".getBytes(StandardCharsets.UTF_8))), tower("a")));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TowerUserKeys.derive(Bytes.of(new byte[15]), tower("a")));
    }
}
