/**
 * The wallet's channels as the SDK keeps them: {@link dev.vigil.clientsdk.channel.ChannelId} (the
 * funding outpoint), {@link dev.vigil.clientsdk.channel.ChannelSpec} (what the wallet knows of a
 * channel once it is open, BOLT 2 {@code open_channel}/{@code accept_channel}, and how to sweep it) and
 * {@link dev.vigil.clientsdk.channel.ChannelRecord} (the spec and what has happened to it since).
 *
 * <p>Values only. Depends on justice-tx-builder's value types and tower-protocol; nothing in the SDK.
 */
package dev.vigil.clientsdk.channel;
