package dev.vigil.bench.server;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigResult;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.zmq.ZmqTopic;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.signing.UserRequests;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerprotocol.wire.TeosJson;
import dev.vigil.towerserver.app.Tower;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Durable appointment intake over real HTTP against a real tower (MapDB store, group commit) on the
 * devnet, with the load client in the same JVM on the same 2 cores (DESIGN §10: 10k/s, p99 under
 * 25 ms). Baseline in the same run: {@code GET /ping} through the same client at the same
 * concurrency (the HTTP floor of this setup). Appointments are signed before the clock starts.
 *
 * <p>Run: {@code bench/run-intake [appointments] [in-flight]} (defaults 20,000 and 64); the report
 * is printed and written to {@code bench/target/intake-report.txt}.
 */
public final class IntakeLoad {
    private IntakeLoad() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path dir = Files.createTempDirectory("vigil-intake");
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")))) {
            devnet.mine(101);
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("datadir", dir.resolve("tower").toString());
            flags.put("network", "regtest");
            flags.put("api-port", "0");
            flags.put("admin-port", "0");
            flags.put("bitcoind-rpc", "127.0.0.1:" + devnet.rpcPort());
            flags.put("bitcoind-cookie", devnet.cookieFile().orElseThrow().toString());
            flags.put("zmq-rawblock", devnet.zmqEndpoints().get(ZmqTopic.RAWBLOCK));
            flags.put("zmq-sequence", devnet.zmqEndpoints().get(ZmqTopic.SEQUENCE));
            ConfigResult r = new ConfigLoader().load(Optional.empty(), Map.of(), flags, dir);
            try (Tower tower = Tower.start(((ConfigResult.Loaded) r).config())) {
                while (!tower.nodeReachable()) {
                    Thread.sleep(10);
                }
                run(tower.apiPort(), total, inFlight);
            }
        }
    }

    private static void run(int port, int total, int inFlight) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // set-up calls only
        URI base = URI.create("http://127.0.0.1:" + port);
        LightningMessageSigner signer = new LightningMessageSigner(Secp256k1Backends.best());
        Random random = new Random(7);
        int users = Math.max(1, total / 5_000 + 1); // 10,000 slots each, 1 slot per 300-byte blob
        List<PrivateKey> keys = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            PrivateKey k = PrivateKey.random(new java.security.SecureRandom());
            keys.add(k);
            UserId id = new UserId(new PublicKey(Secp256k1Backends.best().publicKey(k)));
            send(http, base.resolve("/register"), TeosJson.toJson(new Messages.RegisterRequest(id)));
        }
        List<String> bodies = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            byte[] locator = new byte[16];
            byte[] blob = new byte[300];
            random.nextBytes(locator);
            random.nextBytes(blob);
            Appointment a = new Appointment(new Locator(Bytes.of(locator)), Bytes.of(blob), 144);
            String sig = signer.sign(UserRequests.addAppointment(a), keys.get(i % users));
            bodies.add(TeosJson.toJson(new Messages.AddAppointmentRequest(a, sig)));
        }
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        io.vertx.core.http.HttpClientAgent client = vertx.createHttpClient(
                new io.vertx.core.http.HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(inFlight));
        // Warm up both paths (JIT, connections), then measure.
        blast(client, "/ping", null, 2_000, inFlight);
        int warm = Math.min(1_000, total / 10);
        blast(client, "/add_appointment", bodies.subList(0, warm), 0, inFlight);
        Result ping = blast(client, "/ping", null, total, inFlight);
        Result intake = blast(client, "/add_appointment", bodies.subList(warm, total), 0, inFlight);
        vertx.close().toCompletionStage().toCompletableFuture().join();
        String report = String.format(Locale.ROOT,
                "durable add_appointment: %,.0f/s (%d ok of %d), p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d in flight%n"
                        + "baseline GET /ping, same client and concurrency: %,.0f/s, p50 %.1f ms, p99 %.1f ms%n"
                        + "intake / ping throughput: %.2f%n",
                intake.perSecond(), intake.ok, intake.count, intake.p(50), intake.p(99), intake.p(100), inFlight,
                ping.perSecond(), ping.p(50), ping.p(99), intake.perSecond() / ping.perSecond());
        System.out.print(report);
        Path out = Path.of("bench", "target", "intake-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    private record Result(int count, int ok, long nanos, double[] latenciesMs) {
        double perSecond() {
            return ok / (nanos / 1e9);
        }

        double p(int percentile) {
            double[] sorted = latenciesMs.clone();
            Arrays.sort(sorted);
            int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, i)];
        }
    }

    /**
     * Sends {@code bodies} (POST) or {@code count} GETs with at most {@code inFlight} outstanding,
     * through Vert.x's HTTP client (the JDK's client tops out near 2.6k requests/s here and would
     * measure itself, not the tower).
     */
    private static Result blast(io.vertx.core.http.HttpClientAgent client, String path, List<String> bodies, int count, int inFlight)
            throws Exception {
        int n = bodies != null ? bodies.size() : count;
        double[] latencies = new double[n];
        Semaphore window = new Semaphore(inFlight);
        AtomicInteger ok = new AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquire();
            int idx = i;
            long t0 = System.nanoTime();
            io.vertx.core.http.HttpMethod method = bodies != null ? io.vertx.core.http.HttpMethod.POST : io.vertx.core.http.HttpMethod.GET;
            client.request(method, path)
                    .compose(req -> bodies != null ? req.send(io.vertx.core.buffer.Buffer.buffer(bodies.get(idx))) : req.send())
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        latencies[idx] = (System.nanoTime() - t0) / 1e6;
                        if (ar.succeeded() && ar.result() == 200) {
                            ok.incrementAndGet();
                        }
                        window.release();
                        done.countDown();
                    });
        }
        done.await();
        return new Result(n, ok.get(), System.nanoTime() - start, latencies);
    }

    private static void send(HttpClient http, URI uri, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
