package dev.vigil.justicetxbuilder.scripts;

import static dev.vigil.justicetxbuilder.scripts.ScriptWriter.*;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * The witness and output scripts of BOLT 3 "Commitment Transaction Outputs". Witness scripts are
 * returned as raw script bytes; {@link #p2wsh} and {@link #p2wpkh} make the scriptPubKeys that appear
 * in the commitment.
 */
public final class Bolt3Scripts {
    /** to_self_delay is a u16 in BOLT 2 (open_channel / accept_channel). */
    public static final int MAX_TO_SELF_DELAY = 0xffff;

    private Bolt3Scripts() {}

    /**
     * "to_local Output": {@code OP_IF <revocationpubkey> OP_ELSE <to_self_delay> OP_CSV OP_DROP
     * <local_delayedpubkey> OP_ENDIF OP_CHECKSIG}. Also the output script of both second-stage HTLC
     * transactions ("HTLC-Timeout and HTLC-Success Transactions"), with the same keys and delay.
     */
    public static Bytes toLocal(CommitmentKeys keys, int toSelfDelay) {
        checkDelay(toSelfDelay);
        return Bytes.of(new ScriptWriter()
                .op(OP_IF).push(key(keys.revocationKey()))
                .op(OP_ELSE).number(toSelfDelay).op(OP_CSV, OP_DROP).push(key(keys.ownerDelayedKey()))
                .op(OP_ENDIF, OP_CHECKSIG)
                .toByteArray());
    }

    /**
     * "to_remote Output" with option_anchors: {@code <remotepubkey> OP_CHECKSIGVERIFY 1 OP_CSV}, paid to
     * P2WSH. Without anchors to_remote is {@link #p2wpkh} and has no witness script.
     */
    public static Bytes toRemoteAnchors(PublicKey remotePubkey) {
        return Bytes.of(new ScriptWriter().push(key(remotePubkey)).op(OP_CHECKSIGVERIFY, OP_1, OP_CSV).toByteArray());
    }

    /** The scriptPubKey of to_remote for {@code type} ({@code remotePubkey} tweaked or not, per type). */
    public static Bytes toRemoteOutput(ChannelType type, PublicKey remotePubkey) {
        return type.hasAnchors() ? p2wsh(toRemoteAnchors(remotePubkey)) : p2wpkh(remotePubkey);
    }

    /** "Anchor Outputs": {@code <funding_pubkey> OP_CHECKSIG OP_IFDUP OP_NOTIF OP_16 OP_CSV OP_ENDIF}. */
    public static Bytes anchor(PublicKey fundingPubkey) {
        return Bytes.of(new ScriptWriter()
                .push(key(fundingPubkey))
                .op(OP_CHECKSIG, OP_IFDUP, OP_NOTIF, OP_16, OP_CSV, OP_ENDIF)
                .toByteArray());
    }

    /** The witness script of {@code htlc} on the owner's commitment: offered or received, per its direction. */
    public static Bytes htlc(CommitmentKeys keys, Htlc htlc, ChannelType type) {
        return htlc.direction() == Htlc.Direction.OFFERED
                ? offeredHtlc(keys, htlc.paymentHash(), type)
                : receivedHtlc(keys, htlc.paymentHash(), htlc.cltvExpiry(), type);
    }

    /**
     * "Offered HTLC Outputs". The revocation branch (first OP_IF) is the same in both HTLC scripts;
     * with anchors the other branches end in {@code 1 OP_CSV OP_DROP}.
     */
    public static Bytes offeredHtlc(CommitmentKeys keys, Bytes paymentHash, ChannelType type) {
        ScriptWriter w = revocationBranch(keys)
                .op(OP_NOTIF)
                .op(OP_DROP, OP_2, OP_SWAP).push(key(keys.ownerHtlcKey())).op(OP_2, OP_CHECKMULTISIG)
                .op(OP_ELSE)
                .op(OP_HASH160).push(Hashes.ripemd160(hash32(paymentHash))).op(OP_EQUALVERIFY, OP_CHECKSIG)
                .op(OP_ENDIF);
        return finish(w, type);
    }

    /** "Received HTLC Outputs". */
    public static Bytes receivedHtlc(CommitmentKeys keys, Bytes paymentHash, long cltvExpiry, ChannelType type) {
        if (cltvExpiry < 0 || cltvExpiry > 0xffff_ffffL) {
            throw new IllegalArgumentException("cltv_expiry is a u32");
        }
        ScriptWriter w = revocationBranch(keys)
                .op(OP_IF)
                .op(OP_HASH160).push(Hashes.ripemd160(hash32(paymentHash))).op(OP_EQUALVERIFY)
                .op(OP_2, OP_SWAP).push(key(keys.ownerHtlcKey())).op(OP_2, OP_CHECKMULTISIG)
                .op(OP_ELSE)
                .op(OP_DROP).number(cltvExpiry).op(OP_CLTV, OP_DROP, OP_CHECKSIG)
                .op(OP_ENDIF);
        return finish(w, type);
    }

    /** {@code OP_0 <SHA256(witnessScript)>}. */
    public static Bytes p2wsh(Bytes witnessScript) {
        return Bytes.of(new ScriptWriter().op(OP_0).push(Hashes.sha256(witnessScript.toArray())).toByteArray());
    }

    /** {@code OP_0 <HASH160(pubkey)>}. */
    public static Bytes p2wpkh(PublicKey key) {
        return Bytes.of(new ScriptWriter().op(OP_0).push(Hashes.hash160(key(key))).toByteArray());
    }

    /**
     * The shared opening: {@code OP_DUP OP_HASH160 <RIPEMD160(SHA256(revocationpubkey))> OP_EQUAL OP_IF
     * OP_CHECKSIG OP_ELSE <remote_htlcpubkey> OP_SWAP OP_SIZE 32 OP_EQUAL}. A penalty spends it with
     * {@code <revocation_sig> <revocationpubkey>}.
     */
    private static ScriptWriter revocationBranch(CommitmentKeys keys) {
        return new ScriptWriter()
                .op(OP_DUP, OP_HASH160).push(Hashes.hash160(key(keys.revocationKey()))).op(OP_EQUAL)
                .op(OP_IF).op(OP_CHECKSIG)
                .op(OP_ELSE)
                .push(key(keys.counterpartyHtlcKey())).op(OP_SWAP, OP_SIZE).number(32).op(OP_EQUAL);
    }

    private static Bytes finish(ScriptWriter w, ChannelType type) {
        if (type.hasAnchors()) {
            // option_anchors: a 1-block CSV on every non-revocation path stops HTLC-tx pinning chains.
            w.op(OP_1, OP_CSV, OP_DROP);
        }
        return Bytes.of(w.op(OP_ENDIF).toByteArray());
    }

    static void checkDelay(int toSelfDelay) {
        if (toSelfDelay < 0 || toSelfDelay > MAX_TO_SELF_DELAY) {
            throw new IllegalArgumentException("to_self_delay is a u16, got " + toSelfDelay);
        }
    }

    private static byte[] key(PublicKey k) {
        return k.compressed().toArray();
    }

    private static byte[] hash32(Bytes paymentHash) {
        if (paymentHash.length() != 32) {
            throw new IllegalArgumentException("payment_hash is 32 bytes");
        }
        return paymentHash.toArray();
    }
}
