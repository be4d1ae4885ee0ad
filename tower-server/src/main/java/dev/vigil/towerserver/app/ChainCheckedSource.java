package dev.vigil.towerserver.app;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainHeader;
import dev.vigil.breachdetector.chain.ChainSource;
import dev.vigil.breachdetector.chain.ChainSourceException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The follower's chain source, for a tower whose start could not ask bitcoind which chain it follows (the node
 * did not answer): before the first call of the first walk that reaches the node, it asks again. The configured
 * chain: from then on every call goes through. Another chain: {@code onWrongChain} gets the refusal's line once,
 * and every call fails, so that no block of that chain is ever followed (the API answers 503 meanwhile). Used by
 * the follower's one thread at a time ({@link ChainSource}'s contract).
 */
final class ChainCheckedSource implements ChainSource {
    private static final System.Logger LOG = System.getLogger(Tower.class.getName());

    /** What asking bitcoind's {@code getblockchaininfo} found. */
    sealed interface Verdict {
        /** The configured network's chain. */
        record Matches() implements Verdict {}

        /** Another chain; {@code message} is the operator's line, naming both and the fixes. */
        record Wrong(String message) implements Verdict {
            public Wrong {
                Objects.requireNonNull(message, "message");
            }
        }

        /** No answer (down, warming up, credentials not readable yet): {@code detail} says what happened. */
        record Unanswered(String detail) implements Verdict {
            public Unanswered {
                Objects.requireNonNull(detail, "detail");
            }
        }
    }

    private final ChainSource delegate;
    private final Supplier<Verdict> check;
    private final Consumer<String> onWrongChain;
    /** Empty until the node answered the check. */
    private volatile Optional<Verdict> verdict = Optional.empty();

    ChainCheckedSource(ChainSource delegate, Supplier<Verdict> check, Consumer<String> onWrongChain) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.check = Objects.requireNonNull(check, "check");
        this.onWrongChain = Objects.requireNonNull(onWrongChain, "onWrongChain");
    }

    private void checked() throws ChainSourceException {
        Verdict v = verdict.orElse(null);
        if (v == null) {
            v = check.get();
            if (v instanceof Verdict.Unanswered u) {
                throw new ChainSourceException("getblockchaininfo: " + u.detail());
            }
            verdict = Optional.of(v);
            if (v instanceof Verdict.Wrong wrong) {
                LOG.log(Level.ERROR, wrong.message());
                onWrongChain.accept(wrong.message());
            } else {
                LOG.log(Level.INFO, "bitcoind answers now and follows the configured chain");
            }
        }
        if (v instanceof Verdict.Wrong wrong) {
            throw new ChainSourceException(wrong.message());
        }
    }

    @Override
    public Hash256 bestBlockHash() throws ChainSourceException {
        checked();
        return delegate.bestBlockHash();
    }

    @Override
    public Optional<ChainHeader> header(Hash256 hash) throws ChainSourceException {
        checked();
        return delegate.header(hash);
    }

    @Override
    public Optional<Hash256> blockHashAt(int height) throws ChainSourceException {
        checked();
        return delegate.blockHashAt(height);
    }

    @Override
    public Optional<Block> block(Hash256 hash) throws ChainSourceException {
        checked();
        return delegate.block(hash);
    }
}
