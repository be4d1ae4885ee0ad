package dev.vigil.devnet;

import dev.vigil.devnet.zmq.ZmqPublisher;
import dev.vigil.devnet.zmq.ZmqTopic;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How to start a {@link Devnet}. Defaults: ephemeral RPC port with cookie auth, every ZMQ topic on one ephemeral
 * port, no mining timer, Core 30 relay fees (0.1 sat/vB), no fee estimate, the system clock.
 *
 * @param dataDir where the cookie is written ({@code <dataDir>/regtest/.cookie}, as bitcoind)
 * @param rpcPort the RPC port on 127.0.0.1, 0 for any free port
 * @param rpcUser user/password auth instead of the cookie, when present
 * @param rpcPassword the password that goes with {@code rpcUser}
 * @param zmqPorts the published topics and their ports on 127.0.0.1 (0 = any free port, shared by all such topics)
 * @param zmqHwm the send high-water mark of every publisher
 * @param miningInterval mine one block at this interval, when present
 * @param minRelayFeeSatPerKvB -minrelaytxfee in sat/kvB
 * @param incrementalRelayFeeSatPerKvB -incrementalrelayfee in sat/kvB
 * @param estimateSmartFeeRate the feerate (BTC/kvB) estimatesmartfee answers, when present; else no estimate
 * @param clockSeconds the wall clock, in seconds, that block times and mempool entry times follow
 * @param persistentChain keep every connected block in {@code <dataDir>/regtest/blocks.dat} and connect them
 *                        again at the next start, so a restarted devnet has the same chain (as bitcoind's
 *                        datadir); the mempool is not kept
 */
public record DevnetOptions(Path dataDir, int rpcPort, Optional<String> rpcUser, Optional<String> rpcPassword,
        Map<ZmqTopic, Integer> zmqPorts, int zmqHwm, Optional<Duration> miningInterval, long minRelayFeeSatPerKvB,
        long incrementalRelayFeeSatPerKvB, Optional<BigDecimal> estimateSmartFeeRate, LongSupplier clockSeconds,
        boolean persistentChain) {

    public DevnetOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(rpcUser, "rpcUser");
        Objects.requireNonNull(rpcPassword, "rpcPassword");
        Objects.requireNonNull(miningInterval, "miningInterval");
        Objects.requireNonNull(estimateSmartFeeRate, "estimateSmartFeeRate");
        Objects.requireNonNull(clockSeconds, "clockSeconds");
        zmqPorts = Map.copyOf(zmqPorts);
        if (rpcPort < 0 || rpcPort > 65535) {
            throw new IllegalArgumentException("rpcPort out of range: " + rpcPort);
        }
        for (int p : zmqPorts.values()) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("zmq port out of range: " + p);
            }
        }
        if (rpcUser.isPresent() != rpcPassword.isPresent()) {
            throw new IllegalArgumentException("rpcUser and rpcPassword go together");
        }
        if (zmqHwm < 0 || minRelayFeeSatPerKvB < 0 || incrementalRelayFeeSatPerKvB < 0) {
            throw new IllegalArgumentException("negative hwm or fee rate");
        }
        if (miningInterval.isPresent() && (miningInterval.get().isNegative() || miningInterval.get().isZero())) {
            throw new IllegalArgumentException("mining interval must be positive");
        }
    }

    /** The defaults, with the cookie under {@code dataDir}. */
    public static DevnetOptions defaults(Path dataDir) {
        Map<ZmqTopic, Integer> zmq = new EnumMap<>(ZmqTopic.class);
        for (ZmqTopic t : ZmqTopic.values()) {
            zmq.put(t, 0);
        }
        return new DevnetOptions(dataDir, 0, Optional.empty(), Optional.empty(), zmq, ZmqPublisher.DEFAULT_HWM,
                Optional.empty(), 100, 100, Optional.empty(), () -> System.currentTimeMillis() / 1000, false);
    }

    public DevnetOptions withRpcPort(int port) {
        return new DevnetOptions(dataDir, port, rpcUser, rpcPassword, zmqPorts, zmqHwm, miningInterval,
                minRelayFeeSatPerKvB, incrementalRelayFeeSatPerKvB, estimateSmartFeeRate, clockSeconds, persistentChain);
    }

    public DevnetOptions withUserPassword(String user, String password) {
        return new DevnetOptions(dataDir, rpcPort, Optional.of(user), Optional.of(password), zmqPorts, zmqHwm,
                miningInterval, minRelayFeeSatPerKvB, incrementalRelayFeeSatPerKvB, estimateSmartFeeRate, clockSeconds, persistentChain);
    }

    public DevnetOptions withZmqPorts(Map<ZmqTopic, Integer> ports) {
        return new DevnetOptions(dataDir, rpcPort, rpcUser, rpcPassword, ports, zmqHwm, miningInterval,
                minRelayFeeSatPerKvB, incrementalRelayFeeSatPerKvB, estimateSmartFeeRate, clockSeconds, persistentChain);
    }

    public DevnetOptions withMiningInterval(Duration interval) {
        return new DevnetOptions(dataDir, rpcPort, rpcUser, rpcPassword, zmqPorts, zmqHwm, Optional.of(interval),
                minRelayFeeSatPerKvB, incrementalRelayFeeSatPerKvB, estimateSmartFeeRate, clockSeconds, persistentChain);
    }

    /** Relay fees in sat/kvB (1000 = 1 sat/vB, the pre-29.1 default). */
    public DevnetOptions withRelayFees(long minRelay, long incremental) {
        return new DevnetOptions(dataDir, rpcPort, rpcUser, rpcPassword, zmqPorts, zmqHwm, miningInterval, minRelay,
                incremental, estimateSmartFeeRate, clockSeconds, persistentChain);
    }

    public DevnetOptions withEstimateSmartFee(BigDecimal btcPerKvB) {
        return new DevnetOptions(dataDir, rpcPort, rpcUser, rpcPassword, zmqPorts, zmqHwm, miningInterval,
                minRelayFeeSatPerKvB, incrementalRelayFeeSatPerKvB, Optional.of(btcPerKvB), clockSeconds, persistentChain);
    }

    public DevnetOptions withClock(LongSupplier seconds) {
        return new DevnetOptions(dataDir, rpcPort, rpcUser, rpcPassword, zmqPorts, zmqHwm, miningInterval,
                minRelayFeeSatPerKvB, incrementalRelayFeeSatPerKvB, estimateSmartFeeRate, seconds, persistentChain);
    }

    /** Keeps the chain in the data directory across restarts (see {@code persistentChain}). */
    public DevnetOptions withPersistentChain() {
        return new DevnetOptions(dataDir, rpcPort, rpcUser, rpcPassword, zmqPorts, zmqHwm, miningInterval,
                minRelayFeeSatPerKvB, incrementalRelayFeeSatPerKvB, estimateSmartFeeRate, clockSeconds, true);
    }
}
