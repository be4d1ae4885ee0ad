/**
 * The teos public API on the wire: request and response bodies, their JSON (both directions, for the
 * tower and for clients), and the {@link dev.vigil.towerprotocol.wire.ErrorCode} catalogue with
 * teos's numbers and HTTP statuses. Depends on Jackson (tree model only), the value types,
 * {@code encoding}, {@code signing} and the {@code secp256k1} port; knows nothing of HTTP servers.
 */
package dev.vigil.towerprotocol.wire;
