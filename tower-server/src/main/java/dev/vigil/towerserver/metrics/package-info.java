/**
 * What the operator sees of a running tower on the admin listener: {@code GET /metrics} (Prometheus'
 * text format, through Micrometer; the series are listed in docs/metrics.md) and the status page
 * ({@code GET /}, {@code /status} and the {@code /status.json} it polls).
 *
 * <p>The tower's components know nothing of this package: they publish read-only values (volatile
 * fields such as the watcher's tip) and accept the small observer ports they declare themselves
 * ({@code watcher.BlockObserver}, {@code responder.TrackerObserver}, {@code api.RequestObserver},
 * {@code store.CommitTimer}), which {@link dev.vigil.towerserver.metrics.TowerMetrics} implements.
 * What the tower thread owns (users, appointments, trackers) is counted on that thread by
 * {@link dev.vigil.towerserver.metrics.CensusSampler} and handed over as an immutable value, so no
 * scrape and no page ever reads the tower's state from another thread, and no event loop waits.
 *
 * <p><b>Micrometer is allowed only in this package</b> (and in the composition root that wires it).
 * May depend on Vert.x web (the routes it mounts on the admin listener's router), Micrometer, the
 * port packages it implements ({@code watcher}, {@code responder}, {@code api}, {@code store}), the
 * tower thread and tower-protocol's ids; never on MapDB or the chain follower.
 */
package dev.vigil.towerserver.metrics;
