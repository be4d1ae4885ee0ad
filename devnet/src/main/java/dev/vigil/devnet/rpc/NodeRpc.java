package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.RegtestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * What bitcoind answers about itself: {@code getnetworkinfo} ({@code rpc/net.cpp}), {@code estimatesmartfee}
 * ({@code rpc/fees.cpp}, configurable because the devnet has no fee history) and {@code uptime}
 * ({@code rpc/server.cpp}).
 */
final class NodeRpc {
    private final RpcMethods.Settings settings;

    NodeRpc(RpcMethods.Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    void registerInto(RpcMethods.Registry r) {
        r.add("estimatesmartfee", List.of("conf_target", "estimate_mode"), this::estimateSmartFee);
        r.add("getnetworkinfo", List.of(), (n, p) -> networkInfo(n));
        r.add("uptime", List.of(), (n, p) -> 0);
    }

    private Object estimateSmartFee(RegtestNode node, Params p) {
        long target = p.requiredLong(0);
        if (target < 1 || target > 1008) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, "Invalid conf_target, must be between 1 and 1008");
        }
        if (settings.estimateSmartFeeRate().isPresent()) {
            return new JsonObject().put("feerate", settings.estimateSmartFeeRate().get()).put("blocks", target);
        }
        // As bitcoind answers without fee history (recorded on regtest): no estimate.
        return new JsonObject().put("errors", new JsonArray().add("Insufficient data or no feerate found"))
                .put("blocks", 0);
    }

    private static JsonObject networkInfo(RegtestNode node) {
        JsonArray networks = new JsonArray();
        for (String name : List.of("ipv4", "ipv6", "onion", "i2p", "cjdns")) {
            boolean reachable = name.startsWith("ipv");
            networks.add(new JsonObject().put("name", name).put("limited", !reachable).put("reachable", reachable)
                    .put("proxy", "").put("proxy_randomize_credentials", false));
        }
        RegtestNode.Settings s = node.settings();
        return new JsonObject()
                .put("version", 309900)
                .put("subversion", "/Satoshi:30.99.0(vigil-devnet)/")
                .put("protocolversion", 70016)
                .put("localservices", "0000000000000c09")
                .put("localservicesnames", new JsonArray().add("NETWORK").add("WITNESS").add("NETWORK_LIMITED").add("P2P_V2"))
                .put("localrelay", true)
                .put("timeoffset", 0)
                .put("networkactive", true)
                .put("connections", 0)
                .put("connections_in", 0)
                .put("connections_out", 0)
                .put("networks", networks)
                .put("relayfee", RpcJson.amount(s.minRelayFeeSatPerKvB()))
                .put("incrementalfee", RpcJson.amount(s.incrementalRelayFeeSatPerKvB()))
                .put("localaddresses", new JsonArray())
                .put("warnings", new JsonArray());
    }
}
