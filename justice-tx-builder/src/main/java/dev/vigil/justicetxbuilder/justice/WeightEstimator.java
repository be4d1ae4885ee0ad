package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.List;

/**
 * Weight of a justice transaction before it is signed (protocol-facts §6): the fee must be known
 * before signing, since every signature commits to it.
 *
 * <p>Signatures are counted at 72 bytes with the sighash byte: strict DER with a low S (at most 32
 * bytes, top bit clear) and an R of at most 33 bytes is at most 71 bytes. So the estimate is never
 * below the signed weight, and above it only by the bytes a shorter R or S saves (usually 0 or 1 per
 * input). BOLT 5's worst-case constants assume 73 and overpay.
 */
final class WeightEstimator {
    static final int MAX_SIGNATURE_WITH_SIGHASH = 72;
    private static final int TX_IN_BYTES = 32 + 4 + 1 + 4; // outpoint, empty scriptSig, sequence
    private static final int VERSION_AND_LOCKTIME = 4 + 4;
    private static final int SEGWIT_MARKER_AND_FLAG = 2;

    private WeightEstimator() {}

    /** The weight of a one-output transaction spending {@code inputs} to {@code sweepScript}. */
    static int estimate(List<RevokedOutput> inputs, Bytes sweepScript) {
        long nonWitness = VERSION_AND_LOCKTIME
                + varIntSize(inputs.size()) + (long) TX_IN_BYTES * inputs.size()
                + varIntSize(1) + outputSize(sweepScript);
        long witness = SEGWIT_MARKER_AND_FLAG;
        for (RevokedOutput in : inputs) {
            witness += inputWitnessSize(in);
        }
        return Math.toIntExact(4 * nonWitness + witness);
    }

    /**
     * {@code <sig> 01 <script>} for to_local-style outputs, {@code <sig> <revocationpubkey> <script>}
     * for HTLC outputs (BOLT 3 / BOLT 5 penalty witnesses), with the item count.
     */
    static int inputWitnessSize(RevokedOutput in) {
        int second = in.kind().isHtlcScript() ? PublicKey.LENGTH : 1;
        int script = in.witnessScript().length();
        return varIntSize(3)
                + 1 + MAX_SIGNATURE_WITH_SIGHASH
                + varIntSize(second) + second
                + varIntSize(script) + script;
    }

    static int outputSize(Bytes scriptPubKey) {
        return 8 + varIntSize(scriptPubKey.length()) + scriptPubKey.length();
    }

    static int varIntSize(long n) {
        return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffff_ffffL ? 5 : 9;
    }
}
