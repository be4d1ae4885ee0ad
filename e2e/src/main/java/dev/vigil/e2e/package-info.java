/**
 * End-to-end tests: a real tower against the devnet over HTTP, JSON-RPC and ZMQ
 * ({@code dev.vigil.e2e.scenarios}, run by failsafe as {@code *IT}), and breach-detector following
 * the devnet's chain. Tests only; nothing depends on it.
 */
package dev.vigil.e2e;
