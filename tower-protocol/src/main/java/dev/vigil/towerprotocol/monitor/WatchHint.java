package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The hint of a {@code hint} watch (docs/monitoring.md 1.1):
 * {@code SHA256("vigil/watch-hint/v1" || tower_id(33) || funding_outpoint(36) || funding_witness_script(71))[0..16]},
 * the outpoint exactly as a spending input serializes it (txid internal order, vout u32 little-endian).
 *
 * <p>The funding witness script is the secret: the chain shows only its SHA256 until a spend puts the
 * script itself in the witness, so the tower can compute the hint of an input at the block that spends
 * the output and not before. The tower id makes one channel's hints at two towers unrelated.
 */
public record WatchHint(Bytes value) {
    public static final int LENGTH = 16;
    /** {@code 52 21 <33> 21 <33> 52 ae}: BOLT 3's 2-of-2 funding witness script. */
    public static final int FUNDING_SCRIPT_LENGTH = 71;
    private static final byte[] TAG = "vigil/watch-hint/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int OP_2 = 0x52;
    private static final int PUSH_33 = 0x21;
    private static final int OP_CHECKMULTISIG = 0xae;

    public WatchHint {
        Bytes.requireLength(value, LENGTH, "a watch hint");
    }

    /** The 19 ASCII bytes of the domain tag, copied. */
    public static byte[] tag() {
        return TAG.clone();
    }

    /**
     * BOLT 3 "Funding Transaction Output": {@code 2 <pubkey1> <pubkey2> 2 OP_CHECKMULTISIG}, the two
     * funding keys in lexicographic order of their compressed encodings. Either argument order gives the
     * same script.
     */
    public static Bytes fundingScript(PublicKey fundingKeyA, PublicKey fundingKeyB) {
        Bytes a = fundingKeyA.compressed();
        Bytes b = fundingKeyB.compressed();
        Bytes first = a.compareTo(b) <= 0 ? a : b;
        Bytes second = first == a ? b : a;
        byte[] s = new byte[FUNDING_SCRIPT_LENGTH];
        s[0] = OP_2;
        s[1] = PUSH_33;
        first.copyTo(s, 2);
        s[35] = PUSH_33;
        second.copyTo(s, 36);
        s[69] = OP_2;
        s[70] = (byte) OP_CHECKMULTISIG;
        return Bytes.of(s);
    }

    /**
     * Whether the {@code length} bytes of {@code buf} at {@code offset} have the shape of a 2-of-2
     * funding script: 71 bytes reading {@code 52 21 … 21 … 52 ae} (five byte compares, for the block
     * parser's per-input test; the keys are not checked to be points).
     */
    public static boolean isFundingScript(byte[] buf, int offset, int length) {
        return length == FUNDING_SCRIPT_LENGTH
                && buf[offset] == OP_2
                && buf[offset + 1] == PUSH_33
                && buf[offset + 35] == PUSH_33
                && buf[offset + 69] == OP_2
                && (buf[offset + 70] & 0xff) == OP_CHECKMULTISIG;
    }

    /** {@link #isFundingScript(byte[], int, int)} of a whole byte string. */
    public static boolean isFundingScript(Bytes script) {
        return isFundingScript(script.toArray(), 0, script.length());
    }

    /** The hint of the channel funded at {@code funding} with these two funding keys, at {@code tower}. */
    public static WatchHint of(TowerId tower, Outpoint funding, PublicKey fundingKeyA, PublicKey fundingKeyB) {
        return of(tower, funding, fundingScript(fundingKeyA, fundingKeyB));
    }

    /** The hint of {@code funding} with its witness script, which must have the 2-of-2 shape. */
    public static WatchHint of(TowerId tower, Outpoint funding, Bytes fundingScript) {
        Objects.requireNonNull(tower, "tower");
        Objects.requireNonNull(funding, "funding");
        if (!isFundingScript(fundingScript)) {
            throw new IllegalArgumentException("not a 2-of-2 funding witness script (71 bytes, 52 21 .. 21 .. 52 ae)");
        }
        byte[] prevout = funding.serialize();
        byte[] script = fundingScript.toArray();
        return compute(tower, prevout, 0, script, 0);
    }

    /**
     * The hint of an input, hashed in place: the 36-byte prevout at {@code prevoutOffset} of
     * {@code prevouts} and the 71-byte script at {@code scriptOffset} of {@code scripts} (the same raw
     * block, for the tower's block path). The caller has checked the script's shape.
     */
    public static WatchHint compute(TowerId tower, byte[] prevouts, int prevoutOffset, byte[] scripts, int scriptOffset) {
        MessageDigest d = Hashes.sha256Digest();
        d.update(TAG);
        d.update(tower.key().compressed().toArray());
        d.update(prevouts, prevoutOffset, Outpoint.SERIALIZED_LENGTH);
        d.update(scripts, scriptOffset, FUNDING_SCRIPT_LENGTH);
        return new WatchHint(Bytes.of(d.digest(), 0, LENGTH));
    }

    public static WatchHint fromHex(String hex) {
        return new WatchHint(Bytes.fromHex(hex));
    }

    public String toHex() {
        return value.toHex();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
