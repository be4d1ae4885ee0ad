package dev.vigil.justicetxbuilder.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.JusticeTxBuilder;
import dev.vigil.justicetxbuilder.justice.OutPoint;
import dev.vigil.justicetxbuilder.justice.RevokedCommitment;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.CommitmentKeys;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * The BOLT 3 Appendix C and F commitment vectors, loaded as data. In them the commitment's owner is
 * "local" (the party that would cheat) and "remote" is the party that can punish: remote holds the
 * revocation basepoint secret and receives local's per-commitment secret.
 */
public final class Bolt3Vectors {
    public static final JsonNode KEYS = SharedFiles.json("vectors/bolt3-key-derivation.json").get("appendix_c_keys");
    public static final JsonNode LEGACY_FILE = SharedFiles.json("vectors/bolt3-commitment-txs.json");
    public static final JsonNode ANCHORS_FILE = SharedFiles.json("vectors/bolt3-commitment-txs-anchors.json");
    public static final JsonNode COMMON = LEGACY_FILE.get("common");

    private Bolt3Vectors() {}

    /** One commitment transaction of either file. */
    public record Case(String file, String name, ChannelType type, JsonNode json) {
        public Bytes commitTx() {
            return Bytes.of(SharedFiles.hex(json, "expected_commit_tx"));
        }

        /** The HTLC transactions the vectors give for this commitment ({@code expected_tx}), in file order. */
        public List<Bytes> htlcTxs() {
            List<Bytes> txs = new ArrayList<>();
            for (JsonNode h : json.get("htlc_txs")) {
                txs.add(Bytes.of(SharedFiles.hex(h, "expected_tx")));
            }
            return txs;
        }

        public String displayName() {
            return file + ": " + name;
        }

        /** The commitment feerate, under the field name each file uses. */
        public long feeratePerKw() {
            return json.has("local_feerate_per_kw") ? json.get("local_feerate_per_kw").asLong()
                    : json.get("feerate_per_kw").asLong();
        }
    }

    /** All 25 commitments, Appendix C as STATIC_REMOTEKEY (its to_remote pays the bare basepoint). */
    public static List<Case> allCases() {
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : LEGACY_FILE.get("cases")) {
            cases.add(new Case("appendix C", c.get("name").asText(), ChannelType.STATIC_REMOTEKEY, c));
        }
        for (JsonNode c : ANCHORS_FILE.get("cases")) {
            cases.add(new Case("appendix F", c.get("name").asText(), ChannelType.ANCHORS, c));
        }
        return cases;
    }

    /** All seven HTLCs of the common block; each case's outputs say which of them are untrimmed. */
    public static List<Htlc> htlcs() {
        List<Htlc> htlcs = new ArrayList<>();
        for (JsonNode h : LEGACY_FILE.get("htlcs")) {
            htlcs.add(htlc(h));
        }
        return htlcs;
    }

    public static Htlc htlc(int index) {
        return htlc(LEGACY_FILE.get("htlcs").get(index));
    }

    private static Htlc htlc(JsonNode h) {
        // "remote->local": local (the owner) receives it.
        Htlc.Direction d = switch (h.get("direction").asText()) {
            case "remote->local" -> Htlc.Direction.RECEIVED;
            case "local->remote" -> Htlc.Direction.OFFERED;
            default -> throw new IllegalArgumentException("direction " + h);
        };
        return new Htlc(d, h.get("amount_msat").asLong(), Bytes.of(SharedFiles.hex(h, "payment_hash_computed")),
                h.get("cltv_expiry").asLong());
    }

    public static PublicKey point(String field) {
        return new PublicKey(Bytes.of(SharedFiles.hex(KEYS.get("points"), field)));
    }

    public static PrivateKey secret(String field) {
        return new PrivateKey(Bytes.of(SharedFiles.hex(KEYS.get("secrets"), field)));
    }

    public static PrivateKey perCommitmentSecret() {
        return secret("local_per_commitment_secret");
    }

    public static PublicKey commitmentPoint() {
        return Bolt3Keys.perCommitmentPoint(perCommitmentSecret());
    }

    public static PrivateKey revocationBasepointSecret() {
        return secret("remote_revocation_basepoint_secret");
    }

    public static int toSelfDelay() {
        return COMMON.get("local_delay").asInt();
    }

    /**
     * The channel as the punishing party ("remote" in the vectors, the wallet here) sees it. The
     * vectors leave two basepoints out because no commitment of this direction uses them (the
     * wallet's delayed payment basepoint, the counterparty's revocation basepoint); they are filled
     * with unrelated valid points.
     */
    public static ChannelParameters channel(ChannelType type) {
        ChannelBasepoints wallet = new ChannelBasepoints(
                point("remote_funding_pubkey"),
                point("remote_revocation_basepoint"),
                point("remote_payment_basepoint"),
                UNUSED_POINT,
                point("remote_htlc_basepoint"));
        ChannelBasepoints cheater = new ChannelBasepoints(
                point("local_funding_pubkey"),
                UNUSED_POINT,
                point("local_payment_basepoint"),
                point("local_delayed_payment_basepoint"),
                point("local_htlc_basepoint"));
        OutPoint funding = new OutPoint(Txid.fromDisplayHex(COMMON.get("funding_tx_id").asText()),
                COMMON.get("funding_output_index").asLong());
        return new ChannelParameters(type, funding, false, toSelfDelay(), wallet, cheater);
    }

    public static JusticeTxBuilder builder(ChannelType type) {
        return new JusticeTxBuilder(channel(type), revocationBasepointSecret());
    }

    public static RevokedCommitment revoked(Case c) {
        return new RevokedCommitment(c.commitTx(), perCommitmentSecret(), htlcs());
    }

    /** The wallet's sweep output: P2WPKH of its payment basepoint, as in the vectors' to_remote. */
    public static Bytes sweepScript() {
        return Bolt3Scripts.p2wpkh(point("remote_payment_basepoint"));
    }

    private static final PublicKey UNUSED_POINT =
            Bolt3Keys.publicKey(new PrivateKey(Bytes.fromHex("55".repeat(32))));

    public static CommitmentKeys commitmentKeys() {
        return commitmentKeys(commitmentPoint());
    }

    /** The vector channel's keys for a commitment whose per-commitment point is {@code point}. */
    public static CommitmentKeys commitmentKeys(PublicKey point) {
        return CommitmentKeys.derive(
                point,
                point("remote_revocation_basepoint"),
                point("local_delayed_payment_basepoint"),
                point("local_htlc_basepoint"),
                point("remote_htlc_basepoint"));
    }
}
