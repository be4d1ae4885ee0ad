package dev.vigil.clientsdk.keys;

import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the user key for one tower from the wallet's secret:
 *
 * <pre>
 *   k_0 = HMAC-SHA256(key = walletSecret, data = "vigil/tower-user-key" || towerId)      (towerId: 33 bytes, compressed)
 *   k_i = HMAC-SHA256(key = walletSecret, data = "vigil/tower-user-key" || towerId || i)  (i: one byte, 1..255)
 * </pre>
 *
 * The first {@code k_i} in [1, n-1] (n the secp256k1 group order) is the key; a {@code k_0} outside
 * that range has probability about 2^-128, the counter only makes the function total. HMAC is a PRF
 * keyed by the secret, so the keys of two towers are unrelated to anyone without the secret: the
 * towers see independent user ids. The same secret and tower id give the same key on every device,
 * so a restored wallet finds its subscriptions again. Thread-safe (no state).
 */
public final class TowerUserKeys {
    /** The domain separation label, UTF-8. */
    public static final String LABEL = "vigil/tower-user-key";
    /** The shortest wallet secret accepted: 128 bits. */
    public static final int MIN_SECRET_BYTES = 16;

    private TowerUserKeys() {}

    /** The user key for {@code tower}. {@code walletSecret} is at least {@link #MIN_SECRET_BYTES} long. */
    public static PrivateKey derive(Bytes walletSecret, TowerId tower) {
        Objects.requireNonNull(walletSecret, "walletSecret");
        Objects.requireNonNull(tower, "tower");
        if (walletSecret.length() < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the wallet secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        byte[] label = LABEL.getBytes(StandardCharsets.UTF_8);
        byte[] id = tower.key().compressed().toArray();
        byte[] data = new byte[label.length + id.length + 1];
        System.arraycopy(label, 0, data, 0, label.length);
        System.arraycopy(id, 0, data, label.length, id.length);
        byte[] secret = walletSecret.toArray();
        try {
            for (int counter = 0; counter < 256; counter++) {
                byte[] input = counter == 0 ? Arrays.copyOf(data, data.length - 1) : data;
                data[data.length - 1] = (byte) counter;
                byte[] k = hmacSha256(secret, input);
                BigInteger d = new BigInteger(1, k);
                if (d.signum() > 0 && d.compareTo(PrivateKey.CURVE_ORDER) < 0) {
                    return new PrivateKey(Bytes.of(k));
                }
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        throw new IllegalStateException("no valid key in 256 HMAC outputs"); // probability ~2^-32768
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java and Android runtime", e);
        }
    }
}
