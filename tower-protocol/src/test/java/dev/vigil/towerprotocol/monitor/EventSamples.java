package dev.vigil.towerprotocol.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.monitor.MonitorEvent.BreachSeen;
import dev.vigil.towerprotocol.monitor.MonitorEvent.CommitmentTags;
import dev.vigil.towerprotocol.monitor.MonitorEvent.DeadlineAtRisk;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FailureReason;
import dev.vigil.towerprotocol.monitor.MonitorEvent.ForeignSpend;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FundingSpent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Head;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Justice;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeBroadcast;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeConfirmed;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeDepth;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeFailed;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeInMempool;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeIrrevocable;
import dev.vigil.towerprotocol.monitor.MonitorEvent.PenaltyState;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Retracted;
import dev.vigil.towerprotocol.monitor.MonitorEvent.SlotsLow;
import dev.vigil.towerprotocol.monitor.MonitorEvent.SubscriptionExpired;
import dev.vigil.towerprotocol.monitor.MonitorEvent.SubscriptionExpiring;
import dev.vigil.towerprotocol.monitor.MonitorEvent.WebhookGaveUp;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One event of every type (and every variant of funding_spent and justice_failed), for the golden
 * files: the BOLT 3 Appendix C channel closed by its commitment and breached, at one tower and user.
 */
final class EventSamples {
    static final PrivateKey TOWER_KEY = PrivateKey.fromHex("00".repeat(31) + "01");
    static final TowerId TOWER = new TowerId(new PublicKey(Secp256k1Backends.best().publicKey(TOWER_KEY)));
    static final UserId USER = new UserId(new PublicKey(Secp256k1Backends.best().publicKey(PrivateKey.fromHex("00".repeat(31) + "02"))));
    static final BlockHash BLOCK = BlockHash.fromDisplayHex("0000000000000000000157c3d8b4c29e1f4d5c2d6a3c0b6a3b2f4c1e5d6a7b8c");

    private static final JsonNode LEGACY = SharedFiles.json("vectors/bolt3-commitment-txs.json");

    private EventSamples() {}

    static Head head(long cursor, long height) {
        return new Head(cursor, EventId.of(TOWER, USER, cursor), USER, height, BLOCK);
    }

    /** Name → event, in cursor order. */
    static Map<String, MonitorEvent> all() {
        JsonNode common = LEGACY.get("common");
        JsonNode simple = LEGACY.get("cases").get(0);
        Bytes commitTx = Bytes.fromHex(simple.get("expected_commit_tx").asText());
        CommitmentShapeTest.RawTx shape = CommitmentShapeTest.RawTx.parse(commitTx.toArray());
        Txid commitTxid = Txid.fromDisplayHex(simple.get("commit_txid_computed").asText());
        Outpoint funding = new Outpoint(Txid.fromDisplayHex(common.get("funding_tx_id").asText()), common.get("funding_output_index").asLong());
        WatchHint hint = WatchHint.of(TOWER, funding, PublicKey.fromHex(common.get("local_funding_pubkey").asText()),
                PublicKey.fromHex(common.get("remote_funding_pubkey").asText()));
        Txid penalty = Txid.fromDisplayHex("922465210b2393c2dca5344cea21c69b83f352d15c8c4dd33e4182faa567640e");
        Justice justice = new Justice(Locator.of(commitTxid), commitTxid, penalty);
        Txid closing = Txid.fromDisplayHex("b7d0a1c2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d42");

        Map<String, MonitorEvent> out = new LinkedHashMap<>();
        out.put("breach_seen", new BreachSeen(head(41, 812345), justice, 144, 812489));
        out.put("justice_broadcast", new JusticeBroadcast(head(42, 812345), justice));
        out.put("funding_spent_unilateral", new FundingSpent(head(43, 812345), WatchId.of(hint), WatchKind.HINT, funding, commitTxid, 0,
                CloseKind.UNILATERAL, Optional.of(new CommitmentTags(shape.lockTime(), shape.firstSequence())), Optional.of(commitTx)));
        out.put("justice_in_mempool", new JusticeInMempool(head(44, 812345), justice));
        out.put("justice_confirmed", new JusticeConfirmed(head(45, 812346), justice, 812346, 1));
        out.put("justice_depth", new JusticeDepth(head(46, 812351), justice, 812346, 6));
        out.put("deadline_at_risk", new DeadlineAtRisk(head(47, 812483), justice, 812489, 6, PenaltyState.IN_MEMPOOL));
        out.put("justice_irrevocable", new JusticeIrrevocable(head(48, 812445), justice, 812346, 100, 1));
        out.put("justice_failed_inputs_spent", new JusticeFailed(head(49, 812350), FailureReason.INPUTS_SPENT, justice,
                Optional.of(new ForeignSpend(closing, new Outpoint(commitTxid, 2)))));
        out.put("justice_failed_spender_unknown", new JusticeFailed(head(50, 812350), FailureReason.INPUTS_SPENT, justice, Optional.empty()));
        out.put("justice_failed_rejected", new JusticeFailed(head(51, 812350), FailureReason.REJECTED, justice, Optional.empty()));
        out.put("retracted", new Retracted(head(52, 812345), EventId.of(TOWER, USER, 43), 43, EventType.FUNDING_SPENT));
        out.put("funding_spent_cooperative_tx_omitted", new FundingSpent(head(53, 812347), WatchId.of(funding), WatchKind.OUTPOINT, funding,
                closing, 0, CloseKind.COOPERATIVE, Optional.empty(), Optional.empty()));
        out.put("funding_spent_other", new FundingSpent(head(54, 812348), WatchId.of(hint), WatchKind.HINT, funding, closing, 3,
                CloseKind.OTHER, Optional.empty(), Optional.of(Bytes.fromHex(Hex.encode(new byte[] {2, 0, 0, 0})))));
        out.put("slots_low", new SlotsLow(head(55, 812400), 99, 100));
        out.put("subscription_expiring", new SubscriptionExpiring(head(56, 815657), 816665, 1008));
        out.put("subscription_expired", new SubscriptionExpired(head(57, 816665), 816665, 816671));
        out.put("webhook_gave_up", new WebhookGaveUp(head(58, 816000), 42, 57, 61, 1796214000000L, 503));
        return out;
    }
}
