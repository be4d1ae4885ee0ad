/**
 * End-to-end scenarios of the tower against the embedded devnet, run by failsafe as {@code *IT}
 * ({@code ./mvnw -B verify}): a real channel funded on the devnet, real BOLT 3 commitments signed by both
 * funding keys, justice transactions from {@code justice-tx-builder} handed to a real {@code Tower}
 * over its HTTP API, and breaches mined on the devnet answered over real JSON-RPC and ZMQ.
 *
 * <p>Helpers: {@link dev.vigil.e2e.scenarios.DevnetChannel} (the wallet's channel and its
 * revoked states), {@link dev.vigil.e2e.scenarios.CounterpartyChannel} (a channel of any commitment
 * type whose commitments, HTLCs and second-stage transactions are built as a BOLT 3 counterparty would),
 * {@link dev.vigil.e2e.scenarios.TowerUser} (a teos client over HTTP),
 * {@link dev.vigil.e2e.scenarios.RecordingRpcProxy} (sees every {@code sendrawtransaction}
 * the tower makes), {@link dev.vigil.e2e.scenarios.ScenarioTower} (a tower from flags),
 * {@link dev.vigil.e2e.scenarios.SdkWallet} (the wallet's SDK against real towers: setup, reporting,
 * receipt and breach checks), {@link dev.vigil.e2e.scenarios.ForgetfulTower} (an HTTP tower that signs
 * receipts and forgets), {@link dev.vigil.e2e.scenarios.WalletProcessMain} (a wallet process to kill),
 * {@link dev.vigil.towerprotocol.testsupport.Await} (bounded waiting, shared by every module's tests) and
 * {@link dev.vigil.e2e.scenarios.ScenarioReport} ({@code e2e/target/scenario-report.txt}).
 */
package dev.vigil.e2e.scenarios;
