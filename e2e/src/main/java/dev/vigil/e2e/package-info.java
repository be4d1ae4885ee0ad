/**
 * End-to-end scenarios across the SDK, the server and the devnet. Tests only; nothing depends on it.
 */
package dev.vigil.e2e;
