package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.RegtestNode;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * How the RPC server reaches the chain: the operation runs on the chain's owner thread, never on the caller's;
 * the stage completes there with the operation's result (or its exception, which is a bug).
 */
@FunctionalInterface
public interface NodeAccess {
    <T> CompletionStage<T> call(Function<RegtestNode, T> operation);
}
