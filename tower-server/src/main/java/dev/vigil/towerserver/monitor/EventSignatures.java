package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.EventSignature;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tower's signatures of the events it delivers, computed at an event's first delivery and kept
 * for the next ones (docs/monitoring.md 2.6: RFC 6979 makes them the same every time, so the cache
 * only saves work). Least recently used entries go beyond {@code capacity}. An entry holds the C it
 * signed and is used only for the same C: a cursor that repeats in a log begun again (its user was
 * deleted and enrolled again) has another id or other bytes.
 *
 * <p>Thread-safe (one lock; a signature is computed outside it): called on the CPU pool.
 */
final class EventSignatures {
    private final EventSignature signature;
    private final PrivateKey towerKey;
    private final Map<EventId, Signed> cache;

    private record Signed(Bytes c, String signature) {}

    EventSignatures(EventSignature signature, PrivateKey towerKey, int capacity) {
        this.signature = Objects.requireNonNull(signature, "signature");
        this.towerKey = Objects.requireNonNull(towerKey, "towerKey");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<EventId, Signed> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The zbase32 signature of the event {@code id} whose signed bytes are {@code c}. */
    String sign(EventId id, Bytes c) {
        synchronized (cache) {
            Signed s = cache.get(id);
            if (s != null && s.c().equals(c)) {
                return s.signature();
            }
        }
        String sig = signature.sign(c, towerKey);
        synchronized (cache) {
            cache.put(id, new Signed(c, sig));
        }
        return sig;
    }
}
