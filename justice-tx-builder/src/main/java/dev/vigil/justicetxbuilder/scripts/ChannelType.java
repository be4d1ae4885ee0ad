package dev.vigil.justicetxbuilder.scripts;

/** The commitment formats whose scripts differ (BOLT 3 "Commitment Transaction Outputs"). */
public enum ChannelType {
    /** Before option_static_remotekey: to_remote pays P2WPKH of a per-commitment tweaked key. */
    LEGACY,
    /** option_static_remotekey: to_remote pays P2WPKH(remote payment_basepoint), untweaked. */
    STATIC_REMOTEKEY,
    /**
     * option_anchors: two 330-sat anchors, to_remote is P2WSH with a 1-block CSV, and every HTLC script
     * ends with {@code 1 OP_CSV OP_DROP} in its non-revocation branch. Second-stage HTLC transactions
     * are zero-fee and signed SINGLE|ANYONECANPAY, so their txid is not known in advance.
     */
    ANCHORS;

    public boolean hasAnchors() {
        return this == ANCHORS;
    }
}
