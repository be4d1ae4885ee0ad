package dev.vigil.breachdetector.notify;

/**
 * What the ZMQ adapter hands to its {@link NotificationListener}: a decoded notification, a signal
 * that the chain must be reconciled over RPC, or a message that could not be decoded.
 */
public sealed interface NotifierEvent permits Notification, ReconcileNeeded, Undecodable {}
