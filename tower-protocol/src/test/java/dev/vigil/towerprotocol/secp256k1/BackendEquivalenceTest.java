package dev.vigil.towerprotocol.secp256k1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two backends must agree byte for byte: signatures, recovery ids, recovered and derived keys. */
class BackendEquivalenceTest {
    private final Secp256k1 nat = NativeSecp256k1.load().backend().orElseThrow(
            () -> new AssertionError("libsecp256k1 must load on linux-x86_64: " + NativeSecp256k1.load().failure()));
    private final Secp256k1 bc = new BouncyCastleSecp256k1();

    @Test
    void bestIsTheNativeBackendHere() {
        assertEquals("libsecp256k1 (JNI)", Secp256k1Backends.best().name());
        assertEquals("", Secp256k1Backends.nativeLoadFailure());
    }

    @Test
    void randomKeysAndDigestsGiveIdenticalResults() {
        Random random = new Random(42);
        Set<Integer> recids = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            PrivateKey key = randomKey(random);
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            Bytes pub = nat.publicKey(key);
            assertEquals(pub, bc.publicKey(key));
            RecoverableSignature a = nat.sign(digest, key);
            RecoverableSignature b = bc.sign(digest, key);
            assertEquals(a, b, "signature " + i);
            recids.add(a.recoveryId());
            // low-S: s <= n/2
            byte[] s = a.compact().slice(32, 32).toArray();
            assertTrue(new java.math.BigInteger(1, s).compareTo(PrivateKey.CURVE_ORDER.shiftRight(1)) <= 0);
            assertEquals(Optional.of(pub), nat.recover(digest, a));
            assertEquals(Optional.of(pub), bc.recover(digest, a));
            RecoverableSignature flipped = new RecoverableSignature(a.recoveryId() ^ 1, a.compact());
            assertEquals(nat.recover(digest, flipped), bc.recover(digest, flipped));
            assertNotEquals(Optional.of(pub), nat.recover(digest, flipped));
            assertTrue(nat.isValidPublicKey(pub));
            assertTrue(bc.isValidPublicKey(pub));
        }
        assertEquals(Set.of(0, 1), recids, "both parities of R should occur in 400 signatures");
    }

    @Test
    void invalidPublicKeysAreRejectedByBoth() {
        Random random = new Random(7);
        int offCurve = 0;
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[33];
            random.nextBytes(b);
            b[0] = (byte) (2 + (i & 1));
            boolean n = nat.isValidPublicKey(Bytes.of(b));
            assertEquals(n, bc.isValidPublicKey(Bytes.of(b)), "candidate " + i);
            if (!n) {
                offCurve++;
            }
        }
        assertTrue(offCurve > 50, "about half of random x coordinates are not on the curve");
        byte[] p = new byte[33];
        p[0] = 2;
        java.util.Arrays.fill(p, 1, 33, (byte) 0xff); // x >= p
        assertFalse(nat.isValidPublicKey(Bytes.of(p)));
        assertFalse(bc.isValidPublicKey(Bytes.of(p)));
        byte[] uncompressedPrefix = nat.publicKey(PrivateKey.fromHex("01".repeat(32))).toArray();
        uncompressedPrefix[0] = 4;
        assertFalse(nat.isValidPublicKey(Bytes.of(uncompressedPrefix)));
        assertFalse(bc.isValidPublicKey(Bytes.of(uncompressedPrefix)));
    }

    @Test
    void privateKeysOutsideTheGroupAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PrivateKey(Bytes.of(new byte[32])));
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.fromHex(
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"));
        assertThrows(IllegalArgumentException.class, () -> new PrivateKey(Bytes.of(new byte[31])));
        assertEquals("PrivateKey[redacted]", PrivateKey.fromHex("01".repeat(32)).toString());
    }

    private static PrivateKey randomKey(Random random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        k[0] &= 0x7f;
        k[31] |= 1;
        return new PrivateKey(Bytes.of(k));
    }
}
