package dev.vigil.towerserver.app;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.chain.ChainEvent;
import dev.vigil.breachdetector.match.RecentBlocks;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.Settlement;
import dev.vigil.towerserver.gatekeeper.SubscriptionPolicy;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.BroadcastOutcome;
import dev.vigil.towerserver.responder.Carrier;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.ResponderPolicy;
import dev.vigil.towerserver.responder.TrackerMachine;
import dev.vigil.towerserver.store.MapDbTowerStore;
import dev.vigil.towerserver.store.StoreFill;
import dev.vigil.towerserver.watcher.StoredAppointment;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import dev.vigil.towerserver.watcher.Watcher;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * DESIGN §10: a 4,000-transaction block against N stored appointments, from the block to the
 * {@code sendrawtransaction} of its justice transactions, against the cost of parsing the block and
 * hashing its transactions (the baseline, measured in the same run). A plain main, not a test.
 *
 * <p>The tower's real parts: the MapDB store (journaled, group commit), the locator index rebuilt
 * from it, the watcher and the responder on one tower thread, receipts aside. The block is the
 * 4,001-transaction segwit fixture; 10 of its transactions are breaches, each with a stored
 * appointment whose blob holds a standard penalty. The carrier is a recorder that answers at once,
 * so the figure stops at the moment the tower hands the penalty to bitcoind. Not included: the ZMQ
 * doorbell and the RPC {@code getblock} (the follower fetches the block it is rung for). The
 * lookup of the block's appointments is a store read; the trackers' writes go alongside the sends.
 *
 * <p>Run from the repository root (after the commands in {@code StoreBench}'s Javadoc):
 * <pre>
 * java -Xmx4g -cp tower-server/target/test-classes:tower-server/target/classes:$(cat tower-server/target/cp.txt) \
 *      -Dvigil.shared.dir=../shared dev.vigil.towerserver.app.BlockToBroadcastBench [appointments, default 1,000,000] [directory]
 * </pre>
 * A given directory keeps the filled store for the next run.
 */
public final class BlockToBroadcastBench {
    private static final int BREACHES = 10;
    private static final int ROUNDS = 120;

    private BlockToBroadcastBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("vigil-block-bench");
        Path file = dir.resolve(MapDbTowerStore.FILE_NAME);
        byte[] raw = SharedFiles.bytes("fixtures/blocks/regtest-segwit-4000.raw");
        Secp256k1 secp = Secp256k1Backends.best();
        if (!Files.exists(file)) {
            long t0 = System.nanoTime();
            StoreFill.fill(file, n);
            System.out.printf(Locale.ROOT, "filled %,d appointments in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
        }

        // Baseline: parse the block and hash its transactions (Block.parse computes every txid).
        double[] parse = new double[200];
        for (int i = 0; i < parse.length; i++) {
            long t0 = System.nanoTime();
            Block.parse(raw).orElseThrow();
            parse[i] = (System.nanoTime() - t0) / 1e6;
        }

        MapDbTowerStore store = MapDbTowerStore.open(file).toCompletableFuture().get();
        TowerThread tower = TowerThread.start("bench-tower");
        ExecutorService cpu = Executors.newFixedThreadPool(2);
        try {
            LocatorPrefixIndex index = LocatorPrefixIndex.rebuildFrom(store).toCompletableFuture().get();
            List<UserRecord> users = store.loadUsers().toCompletableFuture().get();
            Map<Bytes, Long> sentAt = new ConcurrentHashMap<>();
            Carrier recorder = tx -> {
                sentAt.putIfAbsent(tx, System.nanoTime());
                return CompletableFuture.completedFuture(new BroadcastOutcome.Accepted());
            };
            Gatekeeper gatekeeper = new Gatekeeper(SubscriptionPolicy.teosDefaults(), users);
            LightningMessageSigner signer = new LightningMessageSigner(secp);
            PrivateKey towerKey = PrivateKey.random(new java.security.SecureRandom());
            Block block = Block.parse(raw).orElseThrow();

            double[] toBroadcast = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                // A responder with no breach in hand, as a tower usually is when one comes (the
                // trackers of earlier rounds would otherwise pile up, all answered in every block).
                Responder responder = new Responder(new TrackerMachine(new ResponderPolicy(100, 3)), store, recorder, tower,
                        new Settlement(gatekeeper, store, tower), List.of(), 800_000 + round);
                Watcher watcher = new Watcher(new Watcher.Parts(tower, cpu, signer, towerKey, gatekeeper, store, store, store, index,
                        new RecentBlocks(6), responder), 800_000 + round);
                List<Bytes> penalties = plantBreaches(store, index, block, round, secp);
                long t0 = System.nanoTime();
                Block parsed = Block.parse(raw).orElseThrow();
                watcher.onEvent(new ChainEvent.BlockConnected(parsed, 800_001 + round));
                long last = 0;
                for (Bytes p : penalties) {
                    Long at = sentAt.get(p);
                    if (at == null) {
                        throw new IllegalStateException("round " + round + ": a penalty was not sent");
                    }
                    last = Math.max(last, at);
                }
                toBroadcast[round] = (last - t0) / 1e6;
            }
            double[] warm = Arrays.copyOfRange(toBroadcast, 20, ROUNDS);
            double[] parseWarm = Arrays.copyOfRange(parse, 50, parse.length);
            System.out.printf(Locale.ROOT, "block of %,d transactions, %d breaches, against %,d stored appointments:%n",
                    block.transactionCount(), BREACHES, index.size());
            System.out.printf(Locale.ROOT, "  block to the last sendrawtransaction: median %.2f ms, max %.2f ms (%d rounds after 20 warm-up)%n",
                    median(warm), max(warm), warm.length);
            System.out.printf(Locale.ROOT, "  baseline, parse + hash the block: median %.2f ms%n", median(parseWarm));
            System.out.printf(Locale.ROOT, "  ratio: %.1fx (DESIGN §10 budget: 2x)%n", median(warm) / median(parseWarm));
        } finally {
            tower.close();
            cpu.shutdown();
            store.close();
            if (args.length < 2) {
                StoreFill.deleteTree(dir);
            }
        }
    }

    /** Stores, for a fresh user, an appointment for 10 of the block's transactions; returns their penalties. */
    private static List<Bytes> plantBreaches(MapDbTowerStore store, LocatorPrefixIndex index, Block block, int round, Secp256k1 secp)
            throws Exception {
        UserId user = user(1_000_000 + round, secp);
        List<Bytes> penalties = new ArrayList<>();
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int k = 0; k < BREACHES; k++) {
            int i = 1 + k * 400;
            Txid dispute = new Txid(block.txid(i).internalOrder());
            Bytes penalty = penalty(dispute, 10_000 + round);
            penalties.add(penalty);
            Appointment a = new Appointment(dispute.locator(), BlobCipher.encrypt(penalty, dispute), 144);
            puts.add(store.putAppointment(new StoredAppointment(user, a, "sig", 800_000, 1),
                    new UserRecord(user, 9_999, 800_000, 900_000)).toCompletableFuture());
            index.add(a.locator());
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get();
        return penalties;
    }

    /** A standard 82-byte penalty spending output 0 of {@code dispute} (the watcher only checks that much). */
    private static Bytes penalty(Txid dispute, long amount) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, 2, 4);
        b.write(1);
        b.writeBytes(dispute.internalBytes());
        le(b, 0, 4);
        b.write(0);
        le(b, 0xffff_fffdL, 4);
        b.write(1);
        le(b, amount, 8);
        b.write(22);
        b.write(0);
        b.write(20);
        b.writeBytes(new byte[20]);
        le(b, 0, 4);
        return Bytes.of(b.toByteArray());
    }

    private static UserId user(int n, Secp256k1 secp) {
        byte[] k = new byte[32];
        k[31] = 1;
        k[0] = (byte) (n >>> 24);
        k[1] = (byte) (n >>> 16);
        k[2] = (byte) (n >>> 8);
        k[3] = (byte) n;
        return new UserId(new PublicKey(secp.publicKey(new PrivateKey(Bytes.of(k)))));
    }

    private static void le(ByteArrayOutputStream b, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(0);
    }
}
