package dev.vigil.towerprotocol.crypto;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * The outcome of decrypting an appointment blob. A blob that does not decrypt is an expected outcome
 * (a wrong key, a garbage or hostile blob), recorded by the watcher, never a crash.
 */
public sealed interface BlobDecryption {
    /** The plaintext: the serialized justice transaction, still to be parsed and validated. */
    record Decrypted(Bytes plaintext) implements BlobDecryption {
        public Decrypted {
            Objects.requireNonNull(plaintext, "plaintext");
        }
    }

    /** Authentication failed or the blob is too short to hold a tag. */
    record Undecryptable(String reason) implements BlobDecryption {
        public Undecryptable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
