package dev.vigil.clientsdk.outbox;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.channel.ChannelRecord;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.OutPoint;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The bytes of {@link OutboxChange}s: one UTF-8 line of space-separated fields per change, so a
 * support engineer can read an outbox. A batch (the changes of one call) is its lines; a snapshot is
 * a header line, the changes that rebuild the state ({@link OutboxState#asChanges()}) and a
 * checksum line:
 *
 * <pre>
 * vigil-outbox 2
 * channel &lt;type&gt; &lt;funding txid:index&gt; &lt;opener 0|1&gt; &lt;to_self_delay&gt; &lt;5 local keys&gt; &lt;5 remote keys&gt;
 *         &lt;sweep script&gt; &lt;feerate/kw&gt; &lt;max weight&gt; &lt;remote dust limit&gt; &lt;closed 0|1&gt; &lt;revocations&gt; &lt;highest number&gt;
 * subscription &lt;tower&gt; &lt;slots&gt; &lt;start&gt; &lt;expiry&gt;
 * misbehaving &lt;tower&gt; &lt;detected-at-ms&gt; &lt;reason&gt; [&lt;receipt fields&gt; | event &lt;the event's wire bytes&gt;]
 * backoff &lt;tower&gt; &lt;failures&gt; &lt;not-before-ms&gt;
 * accepted &lt;tower&gt; &lt;receipt fields: locator blob to_self_delay user-sig start_block tower-sig channel&gt;
 * pending &lt;tower&gt; &lt;locator&gt; &lt;blob&gt; &lt;to_self_delay&gt; &lt;user sig&gt; &lt;enqueued-at-ms&gt; &lt;rejection&gt; &lt;channel&gt;
 * rejected &lt;tower&gt; &lt;locator&gt; &lt;reason&gt;
 * purged &lt;tower&gt;
 * cursor &lt;tower&gt; &lt;acknowledged cursor&gt;
 * end &lt;CRC-32 of every byte before this line, 8 hex digits&gt;
 * </pre>
 *
 * Hex is lowercase, signatures are zbase32, texts are UTF-8 in hex, and "-" stands for an absent
 * field (or an empty text). The snapshot's CRC catches a store that is not as atomic as it promised:
 * a torn snapshot is refused, never half-read.
 */
public final class OutboxCodec {
    static final String MAGIC = "vigil-outbox 2";

    private OutboxCodec() {}

    /** The outcome of decoding. */
    public sealed interface Decoded<T> {
        record Ok<T>(T value) implements Decoded<T> {
            public Ok {
                Objects.requireNonNull(value, "value");
            }
        }

        /** Not something this version wrote, or damaged: {@code reason} says where. */
        record Corrupt<T>(String reason) implements Decoded<T> {
            public Corrupt {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    // ------------------------------------------------------------------ batches

    public static Bytes encodeBatch(List<OutboxChange> changes) {
        StringBuilder b = new StringBuilder(changes.size() * 700);
        for (OutboxChange c : changes) {
            b.append(line(c)).append('\n');
        }
        return Bytes.of(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static Decoded<List<OutboxChange>> decodeBatch(Bytes batch) {
        String text = new String(batch.toArray(), StandardCharsets.UTF_8);
        if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
            return new Decoded.Corrupt<>("a batch ends with a newline");
        }
        return decodeLines(text.substring(0, text.length() - 1).split("\n", -1), 0);
    }

    // ------------------------------------------------------------------ snapshots

    public static Bytes encodeSnapshot(OutboxState state) {
        byte[] body = (MAGIC + "\n" + new String(encodeBatch(state.asChanges()).toArray(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        byte[] end = ("end " + crcHex(body, body.length) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + end.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(end, 0, out, body.length, end.length);
        return Bytes.of(out);
    }

    public static Decoded<OutboxState> decodeSnapshot(Bytes snapshot) {
        byte[] bytes = snapshot.toArray();
        int endLine = lastLineStart(bytes);
        if (endLine < 0) {
            return new Decoded.Corrupt<>("no end line (truncated)");
        }
        String end = new String(bytes, endLine, bytes.length - endLine, StandardCharsets.UTF_8);
        if (!end.equals("end " + crcHex(bytes, endLine) + "\n")) {
            return new Decoded.Corrupt<>("checksum line does not match the content: " + end.trim());
        }
        String[] lines = new String(bytes, 0, endLine, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(MAGIC)) {
            return new Decoded.Corrupt<>("not a '" + MAGIC + "' snapshot");
        }
        String[] changes = new String[lines.length - 2]; // the last element is the text after the final '\n'
        System.arraycopy(lines, 1, changes, 0, changes.length);
        Decoded<List<OutboxChange>> decoded = decodeLines(changes, 1);
        if (decoded instanceof Decoded.Corrupt<List<OutboxChange>> c) {
            return new Decoded.Corrupt<>(c.reason());
        }
        OutboxState state = new OutboxState();
        ((Decoded.Ok<List<OutboxChange>>) decoded).value().forEach(state::apply);
        return new Decoded.Ok<>(state);
    }

    // ------------------------------------------------------------------ lines

    private static String line(OutboxChange change) {
        if (change instanceof OutboxChange.SubscriptionSigned s) {
            return "subscription " + s.tower().toHex() + ' ' + s.subscription().availableSlots() + ' '
                    + s.subscription().start() + ' ' + s.subscription().expiry();
        } else if (change instanceof OutboxChange.MisbehaviourFound f) {
            Misbehaviour m = f.misbehaviour();
            return "misbehaving " + m.tower().toHex() + ' ' + m.detectedAtMillis() + ' ' + text(m.reason())
                    + m.evidence().map(r -> " " + receiptFields(r)).orElse("")
                    + m.badEvent().map(e -> " event " + e.wire().toHex()).orElse("");
        } else if (change instanceof OutboxChange.Queued q) {
            PendingAppointment p = q.appointment();
            return "pending " + p.tower().toHex() + ' ' + appointmentFields(p.appointment()) + ' ' + p.userSignature() + ' '
                    + p.enqueuedAtMillis() + ' ' + p.rejection().map(OutboxCodec::text).orElse("-") + ' ' + channel(p.channel());
        } else if (change instanceof OutboxChange.Accepted a) {
            return "accepted " + a.receipt().tower().toHex() + ' ' + receiptFields(a.receipt());
        } else if (change instanceof OutboxChange.Rejected r) {
            return "rejected " + r.tower().toHex() + ' ' + r.locator().toHex() + ' ' + text(r.reason());
        } else if (change instanceof OutboxChange.RejectedPurged r) {
            return "purged " + r.tower().toHex();
        } else if (change instanceof OutboxChange.CursorAcknowledged a) {
            return "cursor " + a.tower().toHex() + ' ' + a.cursor();
        } else if (change instanceof OutboxChange.BackedOff b) {
            return "backoff " + b.tower().toHex() + ' ' + b.failures() + ' ' + b.notBeforeMillis();
        } else if (change instanceof OutboxChange.ChannelUpdated u) {
            ChannelRecord r = u.channel();
            ChannelParameters p = r.spec().parameters();
            return "channel " + p.type().name().toLowerCase(Locale.ROOT) + ' ' + outpoint(p.fundingOutpoint()) + ' '
                    + (p.localIsOpener() ? 1 : 0) + ' ' + p.remoteToSelfDelay() + ' ' + keys(p.local()) + ' ' + keys(p.remote())
                    + ' ' + r.spec().sweep().scriptPubKey().toHex() + ' ' + r.spec().sweep().feeratePerKw() + ' '
                    + r.spec().sweep().maxTxWeight() + ' ' + r.spec().remoteDustLimitSat() + ' ' + (r.closed() ? 1 : 0) + ' '
                    + r.revocations() + ' ' + r.highestRevokedNumber();
        }
        throw new IllegalArgumentException("unknown change " + change);
    }

    private static Decoded<List<OutboxChange>> decodeLines(String[] lines, int firstLineNumber) {
        List<OutboxChange> out = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            try {
                out.add(change(lines[i].split(" ", -1)));
            } catch (RuntimeException e) {
                return new Decoded.Corrupt<>("line " + (firstLineNumber + i + 1) + ": " + e.getMessage());
            }
        }
        return new Decoded.Ok<>(out);
    }

    private static OutboxChange change(String[] f) {
        switch (f[0]) {
            case "subscription":
                need(f, 5);
                return new OutboxChange.SubscriptionSigned(TowerId.fromHex(f[1]),
                        new Subscription(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
            case "misbehaving": {
                boolean event = f.length == 6 && f[4].equals("event");
                if (f.length != 4 && f.length != 11 && !event) {
                    throw new IllegalArgumentException("misbehaving has 4, 6 (an event) or 11 fields, not " + f.length);
                }
                TowerId t = TowerId.fromHex(f[1]);
                Optional<ReceiptProof> evidence = f.length == 11 ? Optional.of(receipt(t, f, 4)) : Optional.empty();
                Optional<Misbehaviour.BadEvent> bad = event ? Optional.of(new Misbehaviour.BadEvent(Bytes.fromHex(f[5]))) : Optional.empty();
                return new OutboxChange.MisbehaviourFound(new Misbehaviour(t, Long.parseLong(f[2]), fromText(f[3]), evidence, bad));
            }
            case "pending":
                need(f, 9);
                return new OutboxChange.Queued(new PendingAppointment(TowerId.fromHex(f[1]), appointment(f, 2), f[5],
                        Long.parseLong(f[6]), f[7].equals("-") ? Optional.empty() : Optional.of(fromText(f[7])), channel(f[8])));
            case "accepted":
                need(f, 9);
                return new OutboxChange.Accepted(receipt(TowerId.fromHex(f[1]), f, 2));
            case "rejected":
                need(f, 4);
                return new OutboxChange.Rejected(TowerId.fromHex(f[1]), Locator.fromHex(f[2]), fromText(f[3]));
            case "purged":
                need(f, 2);
                return new OutboxChange.RejectedPurged(TowerId.fromHex(f[1]));
            case "cursor":
                need(f, 3);
                return new OutboxChange.CursorAcknowledged(TowerId.fromHex(f[1]), Long.parseLong(f[2]));
            case "backoff":
                need(f, 4);
                return new OutboxChange.BackedOff(TowerId.fromHex(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]));
            case "channel": {
                need(f, 22);
                ChannelParameters p = new ChannelParameters(ChannelType.valueOf(f[1].toUpperCase(Locale.ROOT)), outpoint(f[2]),
                        flag(f[3]), Integer.parseInt(f[4]), keys(f, 5), keys(f, 10));
                ChannelSpec spec = new ChannelSpec(p, new Sweep(Bytes.fromHex(f[15]), Long.parseLong(f[16]), Integer.parseInt(f[17])),
                        Long.parseLong(f[18]));
                return new OutboxChange.ChannelUpdated(new ChannelRecord(spec, flag(f[19]), Long.parseLong(f[20]), Long.parseLong(f[21])));
            }
            default:
                throw new IllegalArgumentException("unknown record '" + f[0] + "'");
        }
    }

    private static String appointmentFields(Appointment a) {
        return a.locator().toHex() + ' ' + a.encryptedBlob().toHex() + ' ' + a.toSelfDelay();
    }

    private static String receiptFields(ReceiptProof r) {
        return appointmentFields(r.appointment()) + ' ' + r.userSignature() + ' ' + r.startBlock() + ' ' + r.towerSignature()
                + ' ' + channel(r.channel());
    }

    private static Appointment appointment(String[] f, int at) {
        return new Appointment(Locator.fromHex(f[at]), Bytes.fromHex(f[at + 1]), Long.parseLong(f[at + 2]));
    }

    private static ReceiptProof receipt(TowerId tower, String[] f, int at) {
        return new ReceiptProof(tower, appointment(f, at), f[at + 3], Long.parseLong(f[at + 4]), f[at + 5], channel(f[at + 6]));
    }

    private static String keys(ChannelBasepoints b) {
        return b.fundingPubkey().toHex() + ' ' + b.revocationBasepoint().toHex() + ' ' + b.paymentBasepoint().toHex() + ' '
                + b.delayedPaymentBasepoint().toHex() + ' ' + b.htlcBasepoint().toHex();
    }

    private static ChannelBasepoints keys(String[] f, int at) {
        return new ChannelBasepoints(PublicKey.fromHex(f[at]), PublicKey.fromHex(f[at + 1]), PublicKey.fromHex(f[at + 2]),
                PublicKey.fromHex(f[at + 3]), PublicKey.fromHex(f[at + 4]));
    }

    private static String outpoint(OutPoint o) {
        return o.txid().toDisplayHex() + ':' + o.index();
    }

    private static OutPoint outpoint(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("an outpoint is txid:index, not " + s);
        }
        return new OutPoint(Txid.fromDisplayHex(s.substring(0, colon)), Long.parseLong(s.substring(colon + 1)));
    }

    private static String channel(Optional<ChannelId> c) {
        return c.map(id -> outpoint(id.fundingOutpoint())).orElse("-");
    }

    private static Optional<ChannelId> channel(String s) {
        return s.equals("-") ? Optional.empty() : Optional.of(new ChannelId(outpoint(s)));
    }

    private static boolean flag(String s) {
        if (s.equals("0") || s.equals("1")) {
            return s.equals("1");
        }
        throw new IllegalArgumentException("a flag is 0 or 1, not " + s);
    }

    private static void need(String[] f, int n) {
        if (f.length != n) {
            throw new IllegalArgumentException(f[0] + " has " + n + " fields, not " + f.length);
        }
    }

    private static String text(String s) {
        return s.isEmpty() ? "-" : Hex.encode(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String fromText(String hex) {
        return hex.equals("-") ? "" : new String(Hex.decode(hex), StandardCharsets.UTF_8);
    }

    private static int lastLineStart(byte[] bytes) {
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            return -1;
        }
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String crcHex(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
