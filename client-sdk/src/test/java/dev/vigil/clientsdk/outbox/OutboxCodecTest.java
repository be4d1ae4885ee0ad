package dev.vigil.clientsdk.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.channel.ChannelRecord;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.OutPoint;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboxCodecTest {
    private static PrivateKey key(String name) {
        return new PrivateKey(Bytes.of(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8))));
    }

    private static final TowerId TOWER = new TowerId(Bolt3Keys.publicKey(key("tower")));
    private static final TowerId OTHER_TOWER = new TowerId(Bolt3Keys.publicKey(key("other tower")));

    private static ChannelBasepoints basepoints(String side) {
        return new ChannelBasepoints(Bolt3Keys.publicKey(key(side + "/funding")), Bolt3Keys.publicKey(key(side + "/revocation")),
                Bolt3Keys.publicKey(key(side + "/payment")), Bolt3Keys.publicKey(key(side + "/delayed")),
                Bolt3Keys.publicKey(key(side + "/htlc")));
    }

    private static Appointment appointment(int i) {
        byte[] blob = new byte[100];
        Arrays.fill(blob, (byte) i);
        return new Appointment(new Locator(Bytes.of(Arrays.copyOf(Hashes.sha256(new byte[] {(byte) i}), 16))), Bytes.of(blob), 144);
    }

    /** One change of every kind, in an order the SDK could make them. */
    static List<OutboxChange> everyKind() {
        ChannelParameters p = new ChannelParameters(ChannelType.LEGACY,
                new OutPoint(Txid.ofInternal(Hashes.sha256(new byte[] {1})), 3), true, 144, basepoints("ours"), basepoints("theirs"));
        ChannelRecord channel = ChannelRecord.registered(new ChannelSpec(p,
                new Sweep(Bolt3Scripts.p2wpkh(basepoints("ours").paymentBasepoint()), 2_500, 100_000), 546));
        Optional<ChannelId> tag = Optional.of(channel.id());
        ReceiptProof receipt = new ReceiptProof(TOWER, appointment(1), "sig1", 800, "towersig1", tag);
        List<OutboxChange> changes = new ArrayList<>();
        changes.add(new OutboxChange.ChannelUpdated(channel));
        changes.add(new OutboxChange.SubscriptionSigned(TOWER, new Subscription(10, 100, 200)));
        changes.add(new OutboxChange.Queued(new PendingAppointment(TOWER, appointment(1), "sig1", 1000, Optional.empty(), tag)));
        changes.add(new OutboxChange.Queued(new PendingAppointment(TOWER, appointment(2), "sig2", 1001, Optional.empty(), Optional.empty())));
        changes.add(new OutboxChange.Queued(new PendingAppointment(TOWER, appointment(3), "sig3", 1002, Optional.empty(), tag)));
        changes.add(new OutboxChange.Accepted(receipt));
        changes.add(new OutboxChange.Rejected(TOWER, appointment(2).locator(), "refused: éé"));
        changes.add(new OutboxChange.ChannelUpdated(channel.revoked(7).closedNow()));
        changes.add(new OutboxChange.BackedOff(TOWER, 3, 123_456));
        changes.add(new OutboxChange.MisbehaviourFound(new Misbehaviour(TOWER, 5, "", Optional.of(receipt))));
        changes.add(new OutboxChange.RejectedPurged(TOWER));
        changes.add(new OutboxChange.CursorAcknowledged(TOWER, 41));
        changes.add(new OutboxChange.MisbehaviourFound(new Misbehaviour(OTHER_TOWER, 6, "event signature does not recover",
                Optional.empty(), Optional.of(new Misbehaviour.BadEvent(Bytes.of("{\"v\":1,\"signature\":\"x\"}".getBytes(StandardCharsets.UTF_8)))))));
        changes.add(new OutboxChange.CursorAcknowledged(TOWER, 42));
        return changes;
    }

    @Test
    void aBatchOfEveryKindOfChangeDecodesToTheSameChanges() {
        List<OutboxChange> changes = everyKind();
        var decoded = assertInstanceOf(OutboxCodec.Decoded.Ok.class, OutboxCodec.decodeBatch(OutboxCodec.encodeBatch(changes)));
        assertEquals(changes, decoded.value());
    }

    @Test
    void aSnapshotRebuildsTheStateItWasTakenFrom() {
        OutboxState state = new OutboxState();
        everyKind().forEach(state::apply);
        assertEquals(1, state.receiptsFrom(TOWER).size());
        assertEquals(1, state.pendingCount(TOWER), "the delivered one left, the refused one was purged");
        assertEquals(42, state.acknowledgedCursor(TOWER));
        assertEquals(0, state.acknowledgedCursor(OTHER_TOWER));
        var decoded = assertInstanceOf(OutboxCodec.Decoded.Ok.class, OutboxCodec.decodeSnapshot(OutboxCodec.encodeSnapshot(state)));
        assertEquals(state.asChanges(), ((OutboxState) decoded.value()).asChanges());
    }

    @Test
    void aDamagedSnapshotIsRefusedAtEveryByte() {
        OutboxState state = new OutboxState();
        everyKind().forEach(state::apply);
        byte[] good = OutboxCodec.encodeSnapshot(state).toArray();
        for (int i = 0; i < good.length; i += 7) {
            byte[] bad = good.clone();
            bad[i] ^= 0x20;
            var refused = assertInstanceOf(OutboxCodec.Decoded.Corrupt.class, OutboxCodec.decodeSnapshot(Bytes.of(bad)), "byte " + i);
            assertTrue(!refused.reason().isEmpty());
        }
        assertInstanceOf(OutboxCodec.Decoded.Corrupt.class, OutboxCodec.decodeSnapshot(Bytes.of(Arrays.copyOf(good, good.length - 1))));
    }

    @Test
    void aLowerCursorAfterAHigherOneDoesNotMoveItBack() {
        OutboxState state = new OutboxState();
        state.apply(new OutboxChange.CursorAcknowledged(TOWER, 9));
        state.apply(new OutboxChange.CursorAcknowledged(TOWER, 4));
        assertEquals(9, state.acknowledgedCursor(TOWER));
    }

    @Test
    void theLinesOfACursorAndOfABadEventAreTheDocumentedOnes() {
        String wire = "{\"v\":1,\"signature\":\"x\"}";
        String text = new String(OutboxCodec.encodeBatch(List.of(new OutboxChange.CursorAcknowledged(TOWER, 7),
                new OutboxChange.MisbehaviourFound(new Misbehaviour(TOWER, 5, "", Optional.empty(),
                        Optional.of(new Misbehaviour.BadEvent(Bytes.of(wire.getBytes(StandardCharsets.UTF_8)))))))).toArray(),
                StandardCharsets.UTF_8);
        assertEquals("cursor " + TOWER.toHex() + " 7\nmisbehaving " + TOWER.toHex() + " 5 - event "
                + Bytes.of(wire.getBytes(StandardCharsets.UTF_8)).toHex() + "\n", text);
    }

    @Test
    void aBatchLineWithAWrongFieldCountNamesItsLine() {
        String text = "subscription " + TOWER.toHex() + " 10 100 200\nbackoff " + TOWER.toHex() + " 1\n";
        var refused = assertInstanceOf(OutboxCodec.Decoded.Corrupt.class,
                OutboxCodec.decodeBatch(Bytes.of(text.getBytes(StandardCharsets.UTF_8))));
        assertTrue(refused.reason().startsWith("line 2"), refused.reason());
    }
}
