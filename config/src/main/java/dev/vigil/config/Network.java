package dev.vigil.config;

import java.util.Locale;
import java.util.Optional;

/** The chain bitcoind follows, with bitcoind's default RPC port and cookie sub-directory for it. */
public enum Network {
    MAINNET(8332, ""),
    TESTNET(18332, "testnet3"),
    SIGNET(38332, "signet"),
    REGTEST(18443, "regtest");

    private final int defaultRpcPort;
    private final String dataSubdir;

    Network(int defaultRpcPort, String dataSubdir) {
        this.defaultRpcPort = defaultRpcPort;
        this.dataSubdir = dataSubdir;
    }

    /** bitcoind's default {@code -rpcport} for this chain (chainparamsbase.cpp). */
    public int defaultRpcPort() {
        return defaultRpcPort;
    }

    /** Where bitcoind keeps this chain's files below its datadir ("" for mainnet). */
    public String dataSubdir() {
        return dataSubdir;
    }

    /** The name used in the config and on the command line: mainnet, testnet, signet, regtest. */
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
