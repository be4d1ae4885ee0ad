package dev.vigil.bench.protocol;

import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.BouncyCastleSecp256k1;
import dev.vigil.towerprotocol.secp256k1.NativeSecp256k1;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.signing.AppointmentReceipt;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The signature work of one {@code add_appointment}: recovering the user from their signature and
 * signing the appointment receipt. Baselines in the same run: the bare libsecp256k1 calls
 * ({@code raw*}), so the ratio shows what the protocol layer (zbase32, digest, recovery-id search)
 * adds; and the BouncyCastle fallback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBench {
    private final fr.acinq.secp256k1.Secp256k1 raw = fr.acinq.secp256k1.Secp256k1.Companion.get();
    private Secp256k1 nat;
    private LightningMessageSigner nativeSigner;
    private LightningMessageSigner bcSigner;
    private PrivateKey key;
    private byte[] keyBytes;
    private byte[] message;
    private byte[] digest;
    private String signature;
    private byte[] compact;
    private int recid;

    @Setup
    public void setUp() {
        nat = NativeSecp256k1.load().backend().orElseThrow();
        nativeSigner = new LightningMessageSigner(nat);
        bcSigner = new LightningMessageSigner(new BouncyCastleSecp256k1());
        key = PrivateKey.fromHex("66".repeat(32));
        keyBytes = key.value().toArray();
        message = new AppointmentReceipt("d9bckq11emuxg7e67xakgzhgnde5yp3txmwfq5to9g86cw53jpqmrfr5aft83bowy6tfofcwyxqqet7tpr8sfa6dy1s759mp3rc9qi5t", 800_000).serialize();
        digest = LightningMessageSigner.digest(message);
        signature = nativeSigner.sign(message, key);
        var sig = nat.sign(digest, key);
        compact = sig.compact().toArray();
        recid = sig.recoveryId();
        if (!nativeSigner.recover(message, signature).isPresent()) {
            throw new IllegalStateException("setup signature does not recover");
        }
    }

    @Benchmark
    public String lnSignNative() {
        return nativeSigner.sign(message, key);
    }

    @Benchmark
    public Object lnRecoverNative() {
        return nativeSigner.recover(message, signature);
    }

    @Benchmark
    public String lnSignBouncyCastle() {
        return bcSigner.sign(message, key);
    }

    @Benchmark
    public Object lnRecoverBouncyCastle() {
        return bcSigner.recover(message, signature);
    }

    /** Baseline: one bare libsecp256k1 ECDSA signature over the same digest. */
    @Benchmark
    public byte[] rawSign() {
        return raw.sign(digest, keyBytes, null);
    }

    /** Baseline: one bare libsecp256k1 recovery of the same signature. */
    @Benchmark
    public byte[] rawRecover() {
        return raw.ecdsaRecover(compact, digest, recid);
    }

    /** For the record: the compressed key derivation the signer needs for its recovery-id search. */
    @Benchmark
    public Bytes publicKeyNative() {
        return nat.publicKey(key);
    }
}
