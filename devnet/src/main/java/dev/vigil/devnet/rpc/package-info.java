/**
 * The devnet's JSON-RPC server, with bitcoind's shapes, error codes and messages ({@code rpc/*.cpp},
 * {@code httprpc.cpp}, recorded in {@code fixtures/bitcoind/}): legacy 1.0/1.1 envelopes with HTTP 500 on
 * errors, JSON-RPC 2.0, batches, cookie or user/password Basic auth with 401 and an empty body, and the
 * faults a test may ask for (503 "Work queue depth exceeded").
 *
 * <p>Threading: {@link dev.vigil.devnet.rpc.RpcServerVerticle} runs on a Vert.x event loop and never blocks it;
 * every method runs on the chain's owner thread through {@link dev.vigil.devnet.rpc.NodeAccess} and comes back
 * as a Future. {@link dev.vigil.devnet.rpc.RpcMethods}, the method categories it dispatches to and the JSON
 * shapes run on the chain thread only.
 *
 * <p>Dependencies: Vert.x core, bitcoin-kmp, the devnet's {@code chain} package and tower-protocol's
 * encoding helpers.
 */
package dev.vigil.devnet.rpc;
