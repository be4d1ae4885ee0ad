package dev.vigil.towerserver.watcher;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.ParseResult;
import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.breachdetector.block.TxInput;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.crypto.BlobDecryption;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * What the watcher makes of an appointment whose locator matched a transaction on chain: decrypt the
 * blob with the transaction's txid, parse the plaintext, and check that it spends an output of that
 * transaction and that bitcoind's transaction-only standardness rules allow it (DESIGN §4 "validate
 * before sending"). Pure; the expected failures are results.
 *
 * <p>A locator is only half a txid, so a match may be a different transaction sharing the first 16
 * bytes: authentication fails and the appointment stays watched. A blob that decrypts but holds no
 * usable penalty was the user's mistake (or an attack); it is recorded and the appointment dropped.
 */
public final class BreachInspection {
    private BreachInspection() {}

    /** The verdict on one (transaction, appointment) pair. */
    public sealed interface Verdict {
        /** A real breach with a penalty to broadcast. */
        record Breach(Txid disputeTxid, Txid penaltyTxid, Bytes penaltyTx) implements Verdict {
            public Breach {
                Objects.requireNonNull(disputeTxid, "disputeTxid");
                Objects.requireNonNull(penaltyTxid, "penaltyTxid");
                Objects.requireNonNull(penaltyTx, "penaltyTx");
            }
        }

        /** The blob does not open with this txid: not this appointment's dispute (keep watching). */
        record NotThisDispute(String reason) implements Verdict {
            public NotThisDispute {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** The blob opens but its content cannot answer the breach (drop the appointment, log why). */
        record InvalidPenalty(String reason) implements Verdict {
            public InvalidPenalty {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * @param disputeTxid the txid of the transaction seen on chain, whose locator matched
     * @param encryptedBlob the appointment's blob
     */
    public static Verdict inspect(Txid disputeTxid, Bytes encryptedBlob) {
        BlobDecryption d = BlobCipher.decrypt(encryptedBlob, disputeTxid);
        if (d instanceof BlobDecryption.Undecryptable u) {
            return new Verdict.NotThisDispute(u.reason());
        }
        Bytes plaintext = ((BlobDecryption.Decrypted) d).plaintext();
        ParseResult<Transaction> parsed = Transaction.parse(plaintext);
        if (parsed instanceof ParseResult.Malformed<Transaction> m) {
            return new Verdict.InvalidPenalty("the decrypted blob is not a transaction: " + m.reason());
        }
        Transaction penalty = ((ParseResult.Ok<Transaction>) parsed).value();
        Hash256 dispute = new Hash256(disputeTxid.internal());
        boolean spendsDispute = false;
        for (TxInput in : penalty.inputs()) {
            if (in.prevout().txid().equals(dispute)) {
                spendsDispute = true;
                break;
            }
        }
        if (!spendsDispute) {
            return new Verdict.InvalidPenalty("penalty " + penalty.txid().displayHex() + " spends no output of dispute " + disputeTxid);
        }
        Optional<String> nonStandard = nonStandard(penalty);
        if (nonStandard.isPresent()) {
            return new Verdict.InvalidPenalty("penalty " + penalty.txid().displayHex() + " is not standard: " + nonStandard.get());
        }
        return new Verdict.Breach(disputeTxid, new Txid(penalty.txid().internalOrder()), penalty.raw());
    }

    /**
     * The "is standard" of DESIGN §4, for the rules bitcoind applies to the transaction alone, whatever
     * its configuration (Core's policy.h; reference/protocol-facts.md "What bitcoind rejects"). Rules
     * that depend on the node's settings or on the spent outputs (fee rate, dust relay fee, scripts)
     * are left to bitcoind's answer, which the responder reads.
     */
    static Optional<String> nonStandard(Transaction penalty) {
        if (penalty.version() < 1 || penalty.version() > MAX_STANDARD_VERSION) {
            return Optional.of("version " + penalty.version() + " is outside 1.." + MAX_STANDARD_VERSION + " (bitcoind: version)");
        }
        if (penalty.weight() > MAX_STANDARD_TX_WEIGHT) {
            return Optional.of("weight " + penalty.weight() + " is over " + MAX_STANDARD_TX_WEIGHT + " (bitcoind: tx-size)");
        }
        if (penalty.baseSize() < MIN_STANDARD_TX_NONWITNESS_SIZE) {
            return Optional.of(penalty.baseSize() + " bytes without witnesses, under " + MIN_STANDARD_TX_NONWITNESS_SIZE
                    + " (bitcoind: tx-size-small)");
        }
        return Optional.empty();
    }

    /** Core's TX_MAX_STANDARD_VERSION (3: TRUC, since Core 28). */
    static final long MAX_STANDARD_VERSION = 3;
    /** Core's MAX_STANDARD_TX_WEIGHT. */
    static final long MAX_STANDARD_TX_WEIGHT = 400_000;
    /** Core's MIN_STANDARD_TX_NONWITNESS_SIZE (since Core 25). */
    static final long MIN_STANDARD_TX_NONWITNESS_SIZE = 65;
}
