package dev.vigil.devnet.chain;

import java.util.Locale;

/** Amount formatting as bitcoind prints it inside reject messages. */
public final class Money {
    private Money() {
    }

    /**
     * {@code FormatMoney} in util/moneystr.cpp: at least two decimals, trailing zeros trimmed
     * ({@code 0 -> "0.00"}, {@code 11 -> "0.00000011"}, {@code 500 -> "0.000005"}).
     */
    public static String format(long sat) {
        long abs = Math.abs(sat);
        String s = String.format(Locale.ROOT, "%d.%08d", abs / Regtest.COIN, abs % Regtest.COIN);
        int end = s.length();
        int minEnd = s.indexOf('.') + 3;
        while (end > minEnd && s.charAt(end - 1) == '0') {
            end--;
        }
        return (sat < 0 ? "-" : "") + s.substring(0, end);
    }

    /** {@code CFeeRate::GetFee}: the fee for {@code vsize} at a rate in sat/kvB, rounded up (EvaluateFeeUp). */
    public static long feeForSize(long satPerKvB, long vsize) {
        return Math.floorDiv(Math.addExact(Math.multiplyExact(satPerKvB, vsize), 999), 1000);
    }
}
