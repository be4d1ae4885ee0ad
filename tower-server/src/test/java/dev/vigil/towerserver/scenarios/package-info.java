/**
 * End-to-end scenarios of the tower against the embedded devnet (issue 5, "Tests (Vert.x JUnit 5,
 * against the devnet)"): a real channel funded on the devnet, real BOLT 3 commitments signed by both
 * funding keys, justice transactions from {@code justice-tx-builder} handed to a real {@code Tower}
 * over its HTTP API, and breaches mined on the devnet answered over real JSON-RPC and ZMQ.
 *
 * <p>Helpers: {@link dev.vigil.towerserver.scenarios.DevnetChannel} (the wallet's channel and its
 * revoked states), {@link dev.vigil.towerserver.scenarios.TowerUser} (a teos client over HTTP),
 * {@link dev.vigil.towerserver.scenarios.RecordingRpcProxy} (sees every {@code sendrawtransaction}
 * the tower makes), {@link dev.vigil.towerserver.scenarios.ScenarioTower} (a tower from flags),
 * {@link dev.vigil.towerserver.scenarios.Await} (bounded polling) and
 * {@link dev.vigil.towerserver.scenarios.ScenarioReport} ({@code target/scenario-report.txt}).
 */
package dev.vigil.towerserver.scenarios;
