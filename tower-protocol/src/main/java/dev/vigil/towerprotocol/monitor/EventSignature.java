package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The tower's signature over an event (docs/monitoring.md 2.6): LN {@code signmessage} with the tower
 * key over {@code "vigil/event/v1\n" || C}. The tag keeps an event signature from passing for any
 * other message the tower key signs (receipts, webhook bodies). Signing is deterministic (RFC 6979),
 * so every delivery of an event carries the same signature. Thread-safe.
 */
public final class EventSignature {
    private static final byte[] TAG = "vigil/event/v1\n".getBytes(StandardCharsets.US_ASCII);

    private final LightningMessageSigner signer;

    public EventSignature(LightningMessageSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** What a check of a received event found. */
    public enum Verdict {
        /** Signed by the tower, for this user, with the id its cursor gives. */
        VALID,
        /** The signature does not recover to the tower id. */
        BAD_SIGNATURE,
        /** The event is for another user (a relay mix-up). */
        WRONG_USER,
        /** The {@code id} is not the one the tower, user and cursor give. */
        WRONG_ID
    }

    /** The signed message: the 15-byte tag and C. */
    public static byte[] message(Bytes c) {
        byte[] out = new byte[TAG.length + c.length()];
        System.arraycopy(TAG, 0, out, 0, TAG.length);
        c.copyTo(out, TAG.length);
        return out;
    }

    /** The zbase32 signature of C by the tower key. */
    public String sign(Bytes c, PrivateKey towerKey) {
        return signer.sign(message(c), towerKey);
    }

    /** The event on the wire: C encoded from {@code event}, signed and spliced. */
    public SignedEvent signed(MonitorEvent event, PrivateKey towerKey) {
        Bytes c = EventCodec.encode(event);
        return new SignedEvent(event, c, sign(c, towerKey));
    }

    /** Whether {@code signature} over C recovers to {@code tower}. */
    public boolean verify(Bytes c, String signature, TowerId tower) {
        return signer.verify(message(c), signature, tower.key());
    }

    /**
     * Every check a wallet makes before it believes an event (6.1): the signature recovers to the tower
     * it configured, the event is for its user at that tower, and the id recomputes from the cursor.
     */
    public Verdict check(SignedEvent event, TowerId tower, UserId user) {
        if (!verify(event.c(), event.signature(), tower)) {
            return Verdict.BAD_SIGNATURE;
        }
        MonitorEvent.Head h = event.event().head();
        if (!h.userId().equals(user)) {
            return Verdict.WRONG_USER;
        }
        if (!h.id().equals(EventId.of(tower, user, h.cursor()))) {
            return Verdict.WRONG_ID;
        }
        return Verdict.VALID;
    }
}
