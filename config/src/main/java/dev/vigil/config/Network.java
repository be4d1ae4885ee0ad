package dev.vigil.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The chain bitcoind follows, with bitcoind's default RPC port and cookie sub-directory for it, and the name
 * bitcoind gives it in {@code getblockchaininfo}'s {@code chain} field (chaintype.cpp: main, test, testnet4,
 * signet, regtest).
 */
public enum Network {
    MAINNET(8332, "", "main"),
    TESTNET(18332, "testnet3", "test"),
    TESTNET4(48332, "testnet4", "testnet4"),
    SIGNET(38332, "signet", "signet"),
    REGTEST(18443, "regtest", "regtest");

    private final int defaultRpcPort;
    private final String dataSubdir;
    private final String bitcoindChain;

    Network(int defaultRpcPort, String dataSubdir, String bitcoindChain) {
        this.defaultRpcPort = defaultRpcPort;
        this.dataSubdir = dataSubdir;
        this.bitcoindChain = bitcoindChain;
    }

    /** What bitcoind answers in {@code getblockchaininfo}'s {@code chain} when it follows this network. */
    public String bitcoindChain() {
        return bitcoindChain;
    }

    /** The network whose {@link #bitcoindChain()} is {@code chain}, if any. */
    public static Optional<Network> fromBitcoindChain(String chain) {
        for (Network n : values()) {
            if (n.bitcoindChain.equals(chain)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** Every {@link #configName()}, for messages: {@code mainnet, testnet, testnet4, signet, regtest}. */
    public static String configNames() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Network::configName).toList());
    }

    /** bitcoind's default {@code -rpcport} for this chain (chainparamsbase.cpp). */
    public int defaultRpcPort() {
        return defaultRpcPort;
    }

    /** Where bitcoind keeps this chain's files below its datadir ("" for mainnet). */
    public String dataSubdir() {
        return dataSubdir;
    }

    /** The name used in the config and on the command line: mainnet, testnet, testnet4, signet, regtest. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Network> fromConfigName(String name) {
        for (Network n : values()) {
            if (n.configName().equalsIgnoreCase(name.trim())) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
