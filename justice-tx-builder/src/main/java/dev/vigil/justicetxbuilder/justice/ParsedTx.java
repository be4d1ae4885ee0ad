package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.List;

/** The fields of a parsed transaction this package reads. Package-private; free of bitcoinj types. */
record ParsedTx(Txid txid, long version, long lockTime, List<Input> inputs, List<Output> outputs) {
    ParsedTx {
        inputs = Lists.copyOf(inputs);
        outputs = Lists.copyOf(outputs);
    }

    record Input(OutPoint outpoint, long sequence) {}

    record Output(long amountSat, Bytes scriptPubKey) {}
}
