package dev.vigil.bench.sdk;

import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.RevocationSigners;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.outbox.MemoryRecordLog;
import dev.vigil.clientsdk.outbox.RecordLog;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.clientsdk.transport.TransportResult;
import dev.vigil.justicetxbuilder.justice.JusticeResult;
import dev.vigil.justicetxbuilder.justice.JusticeTxBuilder;
import dev.vigil.justicetxbuilder.justice.RevocationSigner;
import dev.vigil.justicetxbuilder.justice.RevokedCommitment;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.BouncyCastleSecp256k1;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reporting one revoked state with {@value #HTLCS} HTLCs costs a wallet: {@code
 * TowerClient.onRevokedCommitment} (recognise, audit, build and verify the justice transaction and,
 * without anchors, one second-stage justice per HTLC; encrypt each, sign one appointment per tower,
 * one durable write) with the pure-Java secp256k1 backend, as on Android. The baseline in the same
 * run is the bare {@code JusticeTxBuilder.build} of the same commitment. {@code fileLog} adds the
 * default store's one fsync per call; {@code memoryLog} leaves the storage out.
 *
 * <p>Each call reports a new state (commitment numbers cycle through {@value #STATES} prepared
 * ones, and the client is made anew each iteration, so the outbox stays far below its cap).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RevocationBench {
    public static final int HTLCS = 10;
    static final int STATES = 256;

    /** The channel and its prepared revoked states. */
    @State(Scope.Benchmark)
    public static class Channel {
        @Param({"STATIC_REMOTEKEY", "ANCHORS"})
        public ChannelType type;
        /** Towers each state is signed and queued for. */
        @Param({"1"})
        public int towers;

        RevokedStates states;
        ChannelSpec spec;
        JusticeTxBuilder builder;
        RevocationSigner signer;
        List<RevokedStates.State> prepared;
        int next;

        @Setup(Level.Trial)
        public void prepare() {
            states = new RevokedStates("bench " + type, type);
            spec = new ChannelSpec(states.channel(), Sweep.to(states.sweepScript(), 2_500), 546);
            signer = RevocationSigner.of(states.revocationBasepointSecret());
            builder = new JusticeTxBuilder(states.channel(), signer);
            prepared = new ArrayList<>();
            for (int n = 0; n < STATES; n++) {
                prepared.add(states.state(1_000 + n, HTLCS));
            }
        }

        RevokedStates.State nextState() {
            RevokedStates.State s = prepared.get(next);
            next = (next + 1) % prepared.size();
            return s;
        }
    }

    /** A client on an in-memory log: the SDK's own work without the storage's. */
    @State(Scope.Benchmark)
    public static class MemoryClient {
        TowerClient client;
        ChannelId id;

        @Setup(Level.Iteration)
        public void open(Channel channel) throws IOException {
            client = client(channel, new MemoryRecordLog());
            id = channel.spec.id();
        }
    }

    /** A client on the default crash-safe file log, in a fresh directory each iteration. */
    @State(Scope.Benchmark)
    public static class FileClient {
        TowerClient client;
        ChannelId id;
        Path dir;

        @Setup(Level.Iteration)
        public void open(Channel channel) throws IOException {
            dir = Files.createTempDirectory(Path.of(System.getProperty("vigil.bench.dir", "bench/target")), "revocation-bench");
            client = client(channel, new FileRecordLog(dir));
            id = channel.spec.id();
        }

        @TearDown(Level.Iteration)
        public void delete() throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Benchmark
    public Object bareJusticeBuild(Channel channel) {
        RevokedStates.State s = channel.nextState();
        JusticeResult r = channel.builder.build(new RevokedCommitment(s.commitment(), s.secret(), s.htlcs()), channel.spec.sweep());
        if (!(r instanceof JusticeResult.Built)) {
            throw new IllegalStateException("the bare build failed: " + r);
        }
        return r;
    }

    @Benchmark
    public Object onRevokedCommitmentMemoryLog(Channel channel, MemoryClient c) {
        return report(channel, c.client, c.id);
    }

    @Benchmark
    public Object onRevokedCommitmentFileLog(Channel channel, FileClient c) {
        return report(channel, c.client, c.id);
    }

    private static Object report(Channel channel, TowerClient client, ChannelId id) {
        RevokedStates.State s = channel.nextState();
        RevocationResult r = client.onRevokedCommitment(id, s.commitment(), s.secret(), s.htlcs(), RevokedStates.FEERATE_PER_KW);
        if (!(r instanceof RevocationResult.Queued q)) {
            throw new IllegalStateException("state " + s.number() + " was not queued: " + r);
        }
        int expected = channel.type.hasAnchors() ? 0 : HTLCS;
        if (q.secondStage().size() != expected) {
            throw new IllegalStateException(q.secondStage().size() + " second-stage appointments, expected " + expected);
        }
        return q;
    }

    private static TowerClient client(Channel channel, RecordLog log) throws IOException {
        TowerClient.Builder b = TowerClient.builder(Bytes.of(sha256("bench wallet")), log)
                .secp256k1(new BouncyCastleSecp256k1())
                .signers(RevocationSigners.of(channel.states.revocationBasepointSecret()))
                .transport(new Unreachable());
        for (int i = 0; i < channel.towers; i++) {
            PublicKey towerKey = dev.vigil.justicetxbuilder.keys.Bolt3Keys.publicKey(new PrivateKey(Bytes.of(sha256("tower " + i))));
            b.tower(new TowerEndpoint(URI.create("http://127.0.0.1:" + (9814 + i)), new TowerId(towerKey)));
        }
        TowerClient client = b.build();
        if (!(client.registerChannel(channel.spec) instanceof dev.vigil.clientsdk.ChannelResult.Registered)) {
            throw new IllegalStateException("the channel did not register");
        }
        return client;
    }

    private static byte[] sha256(String s) {
        return Hashes.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    /** onRevokedCommitment makes no network call: a transport that is used is a bug in the bench. */
    private static final class Unreachable implements Transport {
        @Override
        public TransportResult post(URI url, byte[] jsonBody) {
            throw new IllegalStateException("onRevokedCommitment made a network call to " + url);
        }
    }
}
