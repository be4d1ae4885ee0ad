/**
 * How the SDK reaches a tower: the {@link dev.vigil.clientsdk.transport.Transport} port (one POST of
 * a JSON body, answered with a status and a body, or unreachable) and its default on
 * {@code HttpURLConnection}, which Android has, with timeouts and an optional SOCKS proxy (Tor).
 */
package dev.vigil.clientsdk.transport;
