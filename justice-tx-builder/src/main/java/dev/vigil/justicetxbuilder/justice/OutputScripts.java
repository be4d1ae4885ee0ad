package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.encoding.Bytes;

/** Standard output types and their dust thresholds (bitcoind policy/policy.cpp GetDustThreshold). */
final class OutputScripts {
    /** bitcoind's DUST_RELAY_TX_FEE: 3000 sat/kvB. */
    private static final long DUST_RELAY_SAT_PER_KVB = 3000;

    private OutputScripts() {}

    static void checkStandard(Bytes spk) {
        if (!(isWitnessV0(spk, 20) || isWitnessV0(spk, 32) || isP2tr(spk) || isP2pkh(spk) || isP2sh(spk))) {
            throw new IllegalArgumentException("sweep script must be P2WPKH, P2WSH, P2TR, P2PKH or P2SH: " + spk);
        }
    }

    /**
     * (size of the output + size of an input spending it) × dustrelayfee, where a witness spend is
     * counted as 32+4+1+107/4+4 = 67 bytes and a legacy one as 148: P2WPKH 294, P2WSH and P2TR 330,
     * P2SH 540, P2PKH 546.
     */
    static long dustThreshold(Bytes spk) {
        long outputSize = 8 + 1 + spk.length();
        long spendSize = isWitnessV0(spk, 20) || isWitnessV0(spk, 32) || isP2tr(spk) ? 67 : 148;
        return (outputSize + spendSize) * DUST_RELAY_SAT_PER_KVB / 1000;
    }

    private static boolean isWitnessV0(Bytes s, int programLength) {
        return s.length() == 2 + programLength && s.get(0) == 0 && s.get(1) == programLength;
    }

    private static boolean isP2tr(Bytes s) {
        return s.length() == 34 && s.get(0) == 0x51 && s.get(1) == 32;
    }

    private static boolean isP2pkh(Bytes s) {
        return s.length() == 25 && (s.get(0) & 0xff) == 0x76 && (s.get(1) & 0xff) == 0xa9 && s.get(2) == 20
                && (s.get(23) & 0xff) == 0x88 && (s.get(24) & 0xff) == 0xac;
    }

    private static boolean isP2sh(Bytes s) {
        return s.length() == 23 && (s.get(0) & 0xff) == 0xa9 && s.get(1) == 20 && (s.get(22) & 0xff) == 0x87;
    }
}
