/**
 * Channel monitoring (docs/monitoring.md): the tower's durable, ordered, signed account to a wallet of
 * what happened to its channels and its breaches. {@link dev.vigil.towerserver.monitor.EventLog} turns
 * the responder's news into events in each monitored user's log (cursors assigned on the tower thread,
 * written into the open batch through {@link dev.vigil.towerserver.monitor.MonitorWrites});
 * {@link dev.vigil.towerserver.monitor.MonitorService} answers the monitoring routes' requests (it
 * implements the API's {@code EventService} port, as the watcher implements its {@code TowerService}).
 * {@link dev.vigil.towerserver.monitor.ChannelWatch} decides about the channel watches (registration,
 * removal, the block's funding spends classified by {@link dev.vigil.towerserver.monitor.SpendClassifier},
 * disconnects, deletion at depth). Ports are declared here where they are consumed: {@code MonitorWrites},
 * {@code WatchWrites}, {@code WatchLookup}, {@code EventReader}, {@code MonitorLoad}. {@code ChannelWatch}
 * keeps its prefixes in the tower's {@code PrefixIndex}. Depends on tower-protocol (its {@code monitor}
 * package holds every byte both sides agree on), the responder (whose {@code TrackerNews} port the log
 * implements), the gatekeeper, the API's ports (never its routes), the tower package, breach-detector's
 * parsed {@code Block} and the JDK; no HTTP, no MapDB, no bitcoind client types.
 */
package dev.vigil.towerserver.monitor;
