package dev.vigil.towerserver.carrier;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.rpc.BitcoindRpcClient;
import dev.vigil.breachdetector.rpc.MaxFeeRate;
import dev.vigil.breachdetector.rpc.RpcResult;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.responder.BroadcastOutcome;
import dev.vigil.towerserver.responder.Carrier;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The {@link Carrier} over bitcoind's {@code sendrawtransaction}, always with {@code maxfeerate = 0}
 * (a justice transaction's fee was fixed by the wallet; bitcoind's default cap of 0.10 BTC/kvB must
 * not refuse a high-fee penalty).
 *
 * <p>The RPC client blocks, so calls run on {@code executor} (a worker pool, never an event loop).
 */
public final class BitcoindCarrier implements Carrier {
    private final BitcoindRpcClient rpc;
    private final Executor executor;

    public BitcoindCarrier(BitcoindRpcClient rpc, Executor executor) {
        this.rpc = Objects.requireNonNull(rpc, "rpc");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public CompletionStage<BroadcastOutcome> broadcast(Bytes rawTransaction) {
        return CompletableFuture.supplyAsync(() -> classify(rpc.sendRawTransaction(rawTransaction, MaxFeeRate.UNLIMITED)), executor);
    }

    /**
     * bitcoind's answer as the responder needs it (reference/bitcoind-interface.md §2.1; bitcoind
     * {@code src/node/transaction.cpp} and {@code src/validation.cpp} for the reject reasons).
     *
     * <p>Only answers that can never change are {@link BroadcastOutcome.Invalid}: a decode failure,
     * a script failure, and the permanent policy failures (dust, non-standard shapes, consensus
     * errors in the transaction itself). Anything else, including reasons this table does not know,
     * is {@link BroadcastOutcome.RetryLater}: giving up on a justice transaction costs a user a
     * channel, trying again costs one RPC call per block.
     */
    public static BroadcastOutcome classify(RpcResult<Hash256> result) {
        if (result instanceof RpcResult.Ok<Hash256>) {
            return new BroadcastOutcome.Accepted();
        }
        if (result instanceof RpcResult.Unavailable<Hash256> u) {
            return new BroadcastOutcome.Unreachable(u.reason() + ": " + u.detail());
        }
        RpcResult.Failed<Hash256> failed = (RpcResult.Failed<Hash256>) result;
        int code = failed.error().code();
        String message = failed.error().message();
        String m = message.toLowerCase(Locale.ROOT);
        switch (code) {
            case -27: // RPC_VERIFY_ALREADY_IN_UTXO_SET: "Transaction outputs already in utxo set"
                return new BroadcastOutcome.AlreadyConfirmed();
            case -22: // RPC_DESERIALIZATION_ERROR: "TX decode failed…"
                return new BroadcastOutcome.Invalid(message);
            case -28: // RPC_IN_WARMUP: the node is starting
                return new BroadcastOutcome.Unreachable(message);
            case -25: // RPC_VERIFY_ERROR
                if (m.contains("missingorspent") || m.contains("missing inputs")) {
                    return new BroadcastOutcome.MissingInputs(message);
                }
                return new BroadcastOutcome.RetryLater(message);
            case -26: // RPC_VERIFY_REJECTED: mempool policy or script
                return rejected(message, m);
            default:
                return new BroadcastOutcome.RetryLater(code + ": " + message);
        }
    }

    private static BroadcastOutcome rejected(String message, String m) {
        if (m.contains("txn-already-known") || m.contains("txn-already-in-mempool")) {
            return new BroadcastOutcome.Accepted();
        }
        if (m.contains("missingorspent") || m.contains("missing-inputs")) {
            return new BroadcastOutcome.MissingInputs(message);
        }
        // Script failures: "mempool-script-verify-flag-failed (…)" (Core 30), and the older
        // "mandatory-script-verify-flag-failed" / "non-mandatory-script-verify-flag".
        if (m.contains("script-verify-flag")) {
            return new BroadcastOutcome.Invalid(message);
        }
        // Permanent policy: the transaction's own shape can never become standard.
        for (String permanent : new String[] {"dust", "bad-txns-", "tx-size", "scriptpubkey", "scriptsig-",
                "bare-multisig", "version", "multi-op-return", "bad-witness-nonstandard", "tx-size-small"}) {
            if (m.startsWith(permanent) || m.contains(" " + permanent)) {
                return new BroadcastOutcome.Invalid(message);
            }
        }
        // non-final, non-BIP68-final, min relay fee not met, mempool min fee not met, insufficient
        // fee (replacement), txn-mempool-conflict, too-long-mempool-chain, mempool full, …
        return new BroadcastOutcome.RetryLater(message);
    }
}
