package dev.vigil.bench.protocol;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * Decrypting a matched 300-byte teos blob (key derivation included), against the JDK's own
 * ChaCha20-Poly1305 with a fresh Cipher per blob as the baseline in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlobBench {
    private Txid txid;
    private Bytes blob;
    private byte[] blobBytes;
    private byte[] key;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        byte[] t = new byte[32];
        random.nextBytes(t);
        txid = Txid.ofInternal(t);
        byte[] plain = new byte[300];
        random.nextBytes(plain);
        blob = BlobCipher.encrypt(Bytes.of(plain), txid);
        blobBytes = blob.toArray();
        key = BlobCipher.key(txid);
    }

    @Benchmark
    public Object decryptVigil() {
        return BlobCipher.decrypt(blob, txid);
    }

    /** Baseline: the JDK cipher (key already derived, new Cipher per blob as the JDK requires). */
    @Benchmark
    public byte[] decryptJdkBaseline() throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(new byte[12]));
        return c.doFinal(blobBytes);
    }
}
