/**
 * What a wallet embeds: channel registration, appointment building and multi-tower delivery with a
 * durable outbox. Depends on tower-protocol and justice-tx-builder only; must run on Android (no
 * Vert.x, MapDB, java.net.http or java.util.HexFormat; enforced by the build). (Arrives later.)
 */
package dev.vigil.clientsdk;
