package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.Faucet;
import dev.vigil.devnet.chain.RegtestNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The RPC dispatcher: every method, answering as bitcoind v30 does (shapes, codes, messages), registered by
 * its category the way bitcoind's {@code rpc/*.cpp} files group them ({@link BlockchainRpc},
 * {@link RawTransactionRpc}, {@link MempoolRpc}, {@link NodeRpc}, {@link MiningRpc}); all share {@link Params}
 * for bitcoind's parameter parsing. Runs on the chain's owner thread only: every method reads or changes the
 * {@link RegtestNode} directly.
 */
public final class RpcMethods {
    /** What a method returned: a JSON value, or bitcoind's error. */
    public sealed interface Outcome {
        record Result(Object value) implements Outcome {
        }

        record Error(RpcError error) implements Outcome {
            public Error {
                Objects.requireNonNull(error, "error");
            }
        }
    }

    /** Devnet answers that bitcoind computes from data the devnet does not have. */
    public record Settings(Optional<BigDecimal> estimateSmartFeeRate) {
        public Settings {
            Objects.requireNonNull(estimateSmartFeeRate, "estimateSmartFeeRate");
        }
    }

    /** One RPC: reads or changes the node on the chain thread; fails with {@link RpcError.Failure}. */
    @FunctionalInterface
    interface Method {
        Object call(RegtestNode node, Params params);
    }

    /** Where each RPC category adds its methods: name, parameter names (for named calls) and handler. */
    @FunctionalInterface
    interface Registry {
        void add(String name, List<String> paramNames, Method method);
    }

    private final Map<String, Method> methods = new HashMap<>();
    private final Map<String, List<String>> paramNames = new HashMap<>();

    public RpcMethods(Faucet faucet, Settings settings) {
        Registry registry = this::register;
        BlockchainRpc.registerInto(registry);
        RawTransactionRpc.registerInto(registry);
        MempoolRpc.registerInto(registry);
        new NodeRpc(settings).registerInto(registry);
        new MiningRpc(faucet).registerInto(registry);
    }

    private void register(String name, List<String> names, Method method) {
        if (methods.putIfAbsent(name, method) != null) {
            throw new IllegalStateException("RPC method registered twice: " + name);
        }
        paramNames.put(name, names);
    }

    /** Runs one request on the chain thread. {@code params} is a JSON array, a JSON object (named) or null. */
    public Outcome call(RegtestNode node, String method, Object params) {
        Method m = methods.get(method);
        if (m == null) {
            return new Outcome.Error(new RpcError(RpcError.RPC_METHOD_NOT_FOUND, "Method not found"));
        }
        try {
            return new Outcome.Result(m.call(node, Params.of(params, paramNames.get(method))));
        } catch (RpcError.Failure f) {
            return new Outcome.Error(f.error());
        }
    }
}
