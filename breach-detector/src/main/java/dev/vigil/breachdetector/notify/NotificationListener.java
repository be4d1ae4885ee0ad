package dev.vigil.breachdetector.notify;

/**
 * Port: receives what the ZMQ subscriber decoded. Implemented by the chain follower's side (which
 * hands the event to its own context); called by the ZMQ adapter.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li><b>Threading:</b> called only from the subscriber's own thread, one event at a time.</li>
 *   <li><b>Ordering:</b> events arrive in socket arrival order. A {@link ReconcileNeeded} caused by
 *       a message's sequence number is delivered <em>before</em> that message's
 *       {@link Notification}. Arrival order is not chain order across topics or endpoints.</li>
 *   <li><b>Blocking:</b> must return quickly and must not block (queue the event and return):
 *       while it runs, the socket is not read and bitcoind's high-water mark may drop messages.
 *       An exception it throws is logged and the event is dropped; the subscriber keeps going.</li>
 * </ul>
 */
@FunctionalInterface
public interface NotificationListener {
    void onEvent(NotifierEvent event);
}
