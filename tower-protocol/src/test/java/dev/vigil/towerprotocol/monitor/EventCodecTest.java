package dev.vigil.towerprotocol.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec.Decoded;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.CommitmentTags;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FundingSpent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeConfirmed;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Retracted;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * C and the wire form of every event type, pinned by golden files (golden/monitor/events/), read back
 * to the same event; signatures signed, verified, and failing after a one-byte change; non-canonical
 * and malformed input refused with a reason, never an exception.
 */
class EventCodecTest {
    private static final EventSignature SIGNATURE = new EventSignature(new LightningMessageSigner(Secp256k1Backends.best()));
    private static final Map<String, MonitorEvent> SAMPLES = EventSamples.all();

    @Test
    void everyTypeHasASample() {
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        SAMPLES.values().forEach(e -> seen.add(e.type()));
        assertEquals(EnumSet.allOf(EventType.class), seen);
    }

    @Test
    void cOfEveryEventIsTheGoldenFileAndReadsBack() {
        for (Map.Entry<String, MonitorEvent> s : SAMPLES.entrySet()) {
            Bytes c = EventCodec.encode(s.getValue());
            Golden.assertBytes("events/" + s.getKey() + ".json", c.toArray());
            assertEquals(s.getValue(), EventCodec.decode(Golden.read("events/" + s.getKey() + ".json")).orElseThrow(), s.getKey());
        }
    }

    @Test
    void theWireFormOfEveryEventIsTheGoldenFileAndVerifies() {
        for (Map.Entry<String, MonitorEvent> s : SAMPLES.entrySet()) {
            SignedEvent signed = SIGNATURE.signed(s.getValue(), EventSamples.TOWER_KEY);
            Golden.assertBytes("events/" + s.getKey() + ".wire.json", signed.wire());
            SignedEvent read = EventCodec.parseWire(Golden.read("events/" + s.getKey() + ".wire.json")).orElseThrow();
            assertEquals(signed, read, s.getKey());
            assertEquals(EventSignature.Verdict.VALID, SIGNATURE.check(read, EventSamples.TOWER, EventSamples.USER), s.getKey());
        }
    }

    @Test
    void theHeadComesFirstInTheDesignsOrder() {
        String c = new String(EventCodec.encode(SAMPLES.get("slots_low")).toArray(), StandardCharsets.UTF_8);
        String expected = "{\"v\":1,\"type\":\"slots_low\",\"cursor\":55,\"id\":\"" + EventId.of(EventSamples.TOWER, EventSamples.USER, 55).toHex()
                + "\",\"user_id\":\"" + EventSamples.USER.toHex() + "\",\"height\":812400,\"block_hash\":\"" + EventSamples.BLOCK.toDisplayHex()
                + "\",\"available_slots\":99,\"threshold\":100}";
        assertEquals(expected, c);
        FundingSpent f = (FundingSpent) SAMPLES.get("funding_spent_unilateral");
        String fc = new String(EventCodec.encode(f).toArray(), StandardCharsets.UTF_8);
        CommitmentTags t = f.tags().orElseThrow();
        assertTrue(fc.contains(",\"close\":\"unilateral\",\"locktime\":" + t.lockTime() + ",\"sequence\":" + t.sequence()
                + ",\"obscured_commitment_number\":" + 0x2bb03852193eL + ",\"tx\":\""), fc);
    }

    @Test
    void aRelayMayPrettyPrintButTheSignatureStillChecks() throws Exception {
        SignedEvent signed = SIGNATURE.signed(SAMPLES.get("breach_seen"), EventSamples.TOWER_KEY);
        ObjectMapper m = new ObjectMapper();
        byte[] pretty = m.writerWithDefaultPrettyPrinter().writeValueAsBytes(m.readTree(signed.wire()));
        assertTrue(pretty.length > signed.wire().length);
        SignedEvent read = EventCodec.parseWire(pretty).orElseThrow();
        assertEquals(signed.c(), read.c());
        assertEquals(EventSignature.Verdict.VALID, SIGNATURE.check(read, EventSamples.TOWER, EventSamples.USER));
    }

    @Test
    void oneChangedByteBreaksTheSignature() {
        SignedEvent signed = SIGNATURE.signed(SAMPLES.get("justice_confirmed"), EventSamples.TOWER_KEY);
        assertTrue(SIGNATURE.verify(signed.c(), signed.signature(), EventSamples.TOWER));
        byte[] c = signed.c().toArray();
        for (int i = 0; i < c.length; i++) {
            byte[] t = c.clone();
            t[i] ^= 1;
            assertTrue(!SIGNATURE.verify(Bytes.of(t), signed.signature(), EventSamples.TOWER), "byte " + i);
        }
        // The same through the wire: a digit of the confirmed height changed by a relay.
        String wire = new String(signed.wire(), StandardCharsets.UTF_8).replace("\"confirmed_height\":812346", "\"confirmed_height\":812345")
                .replace("\"depth\":1", "\"depth\":2");
        SignedEvent tampered = EventCodec.parseWire(wire.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(EventSignature.Verdict.BAD_SIGNATURE, SIGNATURE.check(tampered, EventSamples.TOWER, EventSamples.USER));
        String sig = signed.signature();
        String otherSig = (sig.charAt(10) == 'y' ? "b" : "y");
        String badSig = sig.substring(0, 10) + otherSig + sig.substring(11);
        assertEquals(EventSignature.Verdict.BAD_SIGNATURE,
                SIGNATURE.check(new SignedEvent(signed.event(), signed.c(), badSig), EventSamples.TOWER, EventSamples.USER));
        assertEquals(EventSignature.Verdict.BAD_SIGNATURE,
                SIGNATURE.check(signed, new dev.vigil.towerprotocol.TowerId(EventSamples.USER.key()), EventSamples.USER), "another tower");
    }

    @Test
    void anEventForAnotherUserOrWithAnotherIdIsRefused() {
        MonitorEvent e = SAMPLES.get("slots_low");
        SignedEvent signed = SIGNATURE.signed(e, EventSamples.TOWER_KEY);
        assertEquals(EventSignature.Verdict.WRONG_USER,
                SIGNATURE.check(signed, EventSamples.TOWER, new dev.vigil.towerprotocol.UserId(EventSamples.TOWER.key())));
        MonitorEvent.Head h = e.head();
        MonitorEvent wrongId = new MonitorEvent.SlotsLow(new MonitorEvent.Head(h.cursor(), EventId.of(EventSamples.TOWER, EventSamples.USER, 1),
                h.userId(), h.height(), h.blockHash()), 99, 100);
        assertEquals(EventSignature.Verdict.WRONG_ID, SIGNATURE.check(SIGNATURE.signed(wrongId, EventSamples.TOWER_KEY), EventSamples.TOWER, EventSamples.USER));
    }

    @Test
    void theSignedMessageIsTheTagAndC() {
        Bytes c = EventCodec.encode(SAMPLES.get("slots_low"));
        byte[] tag = "vigil/event/v1\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(15, tag.length);
        byte[] m = EventSignature.message(c);
        assertArrayEquals(tag, Arrays.copyOf(m, 15));
        assertArrayEquals(c.toArray(), Arrays.copyOfRange(m, 15, m.length));
    }

    @Test
    void theIdIsTheTruncatedSha256OfTagTowerUserAndCursor() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("vigil/event-id/v1".getBytes(StandardCharsets.US_ASCII));
        sha.update(EventSamples.TOWER.key().compressed().toArray());
        sha.update(EventSamples.USER.key().compressed().toArray());
        sha.update(new byte[] {0, 0, 0, 0, 0, 0, 1, 0x2c});
        assertArrayEquals(Arrays.copyOf(sha.digest(), 16), EventId.of(EventSamples.TOWER, EventSamples.USER, 300).value().toArray());
        assertTrue(!EventId.of(EventSamples.TOWER, EventSamples.USER, 300).equals(EventId.of(EventSamples.TOWER, EventSamples.USER, 301)));
    }

    @Test
    void aReorderedRenamedOrExtraMemberIsRefused() {
        String c = new String(EventCodec.encode(SAMPLES.get("slots_low")).toArray(), StandardCharsets.UTF_8);
        String reordered = c.replace("\"available_slots\":99,\"threshold\":100", "\"threshold\":100,\"available_slots\":99");
        assertInvalid(reordered, "not canonical");
        assertInvalid(c.replace("\"threshold\":100}", "\"threshold\":100,\"extra\":1}"), "not canonical");
        assertInvalid(c.replace("threshold", "thresh"), "missing field `threshold`");
        assertInvalid(c.replace("{\"v\":1,", "{\"v\":1, "), "not canonical");
        assertInvalid(c.replace("\"v\":1", "\"v\":2"), "unknown event version 2");
        assertInvalid(c.replace("slots_low", "slots_high"), "unknown event type slots_high");
        assertInvalid(c.replace(":99,", ":99.0,"), "invalid type: floating point `99.0`, expected u32");
        assertInvalid(c.replace(":99,", ":9.9e1,"), "invalid type: floating point");
        assertInvalid(c.replace(":99,", ":-99,"), "invalid value: integer `-99`, expected u32");
        assertInvalid(c.replace(":99,", ":\"99\","), "invalid type: string \"99\", expected u32");
        assertInvalid(c.replace(EventSamples.USER.toHex(), EventSamples.USER.toHex().toUpperCase(java.util.Locale.ROOT)), "not canonical");
        assertInvalid(c.replace("\"threshold\":100}", "\"threshold\":100,\"signature\":\"x\"}"), "no signature member");
        // The obscured number is derived: a wrong one is not canonical.
        String f = new String(EventCodec.encode(SAMPLES.get("funding_spent_unilateral")).toArray(), StandardCharsets.UTF_8);
        assertInvalid(f.replace("\"obscured_commitment_number\":" + 0x2bb03852193eL, "\"obscured_commitment_number\":1"), "not canonical");
        String j = new String(EventCodec.encode(SAMPLES.get("justice_failed_spender_unknown")).toArray(), StandardCharsets.UTF_8);
        assertInvalid(j.replace(",\"spending_txid_unknown\":true", ""), "not canonical");
    }

    @Test
    void malformedBytesGiveAReasonNotAnException() {
        for (String bad : new String[] {"", "nope", "[]", "1", "null", "{", "{}", "{\"v\":1}", "{\"v\":1,\"v\":1}",
                "{\"v\":1,\"type\":\"slots_low\"} x", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}",
                "{\"v\":123456789012345678901234567890}", "{\"v\":1,\"type\":3}"}) {
            assertInstanceOf(Decoded.Invalid.class, EventCodec.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertInstanceOf(Decoded.Invalid.class, EventCodec.parseWire(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
        assertInstanceOf(Decoded.Invalid.class, EventCodec.decode(new byte[] {(byte) 0xff, (byte) 0xfe}));
        assertInstanceOf(Decoded.Invalid.class, EventCodec.decode(new byte[EventCodec.MAX_EVENT_BYTES + 1]));
        SignedEvent signed = SIGNATURE.signed(SAMPLES.get("slots_low"), EventSamples.TOWER_KEY);
        String wire = new String(signed.wire(), StandardCharsets.UTF_8);
        String sigMember = ",\"signature\":\"" + signed.signature() + "\"";
        String notLast = wire.replace(sigMember, "").replace("{\"v\":1,", "{\"signature\":\"" + signed.signature() + "\",\"v\":1,");
        assertInvalid(EventCodec.parseWire(notLast.getBytes(StandardCharsets.UTF_8)), "ends with its signature");
        assertInvalid(EventCodec.parseWire(wire.replace(sigMember, ",\"signature\":5").getBytes(StandardCharsets.UTF_8)), "zbase32 string");
        assertInvalid(EventCodec.parseWire(wire.replace(sigMember, "").getBytes(StandardCharsets.UTF_8)), "ends with its signature");
    }

    @Test
    void theRecordsRefuseInconsistentFacts() {
        FundingSpent f = (FundingSpent) SAMPLES.get("funding_spent_unilateral");
        assertThrows(IllegalArgumentException.class, () -> new FundingSpent(f.head(), f.watchId(), f.kind(), f.outpoint(), f.txid(), 0,
                CloseKind.COOPERATIVE, f.tags(), f.tx()), "tags with a cooperative close");
        assertThrows(IllegalArgumentException.class, () -> new FundingSpent(f.head(), f.watchId(), f.kind(), f.outpoint(), f.txid(), 0,
                CloseKind.UNILATERAL, Optional.empty(), f.tx()), "a unilateral close without its tags");
        assertThrows(IllegalArgumentException.class, () -> new FundingSpent(f.head(), f.watchId(), f.kind(), f.outpoint(), f.txid(), 0,
                CloseKind.OTHER, Optional.empty(), Optional.of(Bytes.of(new byte[FundingSpent.MAX_TX_BYTES + 1]))), "an oversized tx");
        assertThrows(IllegalArgumentException.class, () -> new CommitmentTags(0, 0xFFFFFFFFL));
        JusticeConfirmed c = (JusticeConfirmed) SAMPLES.get("justice_confirmed");
        assertThrows(IllegalArgumentException.class, () -> new JusticeConfirmed(c.head(), c.justice(), c.confirmedHeight(), 2), "depth");
        Retracted r = (Retracted) SAMPLES.get("retracted");
        assertThrows(IllegalArgumentException.class, () -> new Retracted(r.head(), r.retracts(), r.retractsCursor(), EventType.JUSTICE_DEPTH));
        assertThrows(IllegalArgumentException.class, () -> new Retracted(r.head(), r.retracts(), r.head().cursor(), EventType.FUNDING_SPENT));
        assertThrows(IllegalArgumentException.class, () -> EventSamples.head(0, 1), "cursors start at 1");
        assertThrows(IllegalArgumentException.class, () -> EventCodec.wire(Bytes.of("{}".getBytes(StandardCharsets.US_ASCII)), "a\"b"));
    }

    private static void assertInvalid(String c, String reasonPart) {
        assertInvalid(EventCodec.decode(c.getBytes(StandardCharsets.UTF_8)), reasonPart);
    }

    private static void assertInvalid(Decoded<?> d, String reasonPart) {
        Decoded.Invalid<?> bad = assertInstanceOf(Decoded.Invalid.class, d);
        assertTrue(bad.reason().contains(reasonPart), bad.reason() + " (expected: " + reasonPart + ")");
    }
}
