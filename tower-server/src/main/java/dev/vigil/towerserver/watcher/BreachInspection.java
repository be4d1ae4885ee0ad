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

/**
 * What the watcher makes of an appointment whose locator matched a transaction on chain: decrypt the
 * blob with the transaction's txid, parse the plaintext, and check that it spends an output of that
 * transaction (DESIGN §4 "validate before sending"). Pure; the expected failures are results.
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
        return new Verdict.Breach(disputeTxid, new Txid(penalty.txid().internalOrder()), penalty.raw());
    }
}
