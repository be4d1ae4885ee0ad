package dev.vigil.towerserver.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.rpc.RpcError;
import dev.vigil.breachdetector.rpc.RpcResult;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import dev.vigil.towerserver.responder.BroadcastOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@code sendrawtransaction} answer recorded from a real bitcoind maps to the action of the
 * outcome table in reference/bitcoind-interface.md §2.1.
 */
class BitcoindCarrierTest {
    /** The table's "Tower action" column, keyed by the start of bitcoind's message. */
    private static final Map<String, Class<? extends BroadcastOutcome>> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("Transaction outputs already in utxo set", BroadcastOutcome.AlreadyConfirmed.class);
        TABLE.put("TX decode failed", BroadcastOutcome.Invalid.class);
        TABLE.put("bad-txns-inputs-missingorspent", BroadcastOutcome.MissingInputs.class);
        TABLE.put("non-final", BroadcastOutcome.RetryLater.class);
        TABLE.put("non-BIP68-final", BroadcastOutcome.RetryLater.class);
        TABLE.put("min relay fee not met", BroadcastOutcome.RetryLater.class);
        TABLE.put("dust", BroadcastOutcome.Invalid.class);
        TABLE.put("Fee exceeds maximum", BroadcastOutcome.RetryLater.class);
        TABLE.put("insufficient fee", BroadcastOutcome.RetryLater.class);
    }

    @Test
    void everyRecordedAnswerMapsToTheTablesAction() throws IOException {
        ObjectMapper json = new ObjectMapper();
        int errors = 0;
        int successes = 0;
        for (String line : Files.readAllLines(SharedFiles.path("fixtures/bitcoind/rpc-transcript.jsonl"))) {
            JsonNode entry = json.readTree(line);
            if (!"sendrawtransaction".equals(entry.get("request").get("method").asText())) {
                continue;
            }
            JsonNode error = entry.get("response").get("error");
            if (error == null || error.isNull()) {
                successes++;
                Hash256 txid = Hash256.fromDisplayHex(entry.get("response").get("result").asText());
                assertInstanceOf(BroadcastOutcome.Accepted.class, BitcoindCarrier.classify(new RpcResult.Ok<>(txid)));
                continue;
            }
            errors++;
            String message = error.get("message").asText();
            Class<? extends BroadcastOutcome> expected = TABLE.entrySet().stream()
                    .filter(e -> message.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError("the table has no row for a recorded answer: " + message));
            BroadcastOutcome got = BitcoindCarrier.classify(new RpcResult.Failed<>(new RpcError(error.get("code").asInt(), message)));
            assertInstanceOf(expected, got, message);
        }
        assertEquals(10, errors, "recorded sendrawtransaction rejections");
        assertEquals(2, successes, "recorded sendrawtransaction successes (a send and its idempotent resend)");
    }

    @Test
    void scriptFailuresOfEveryCoreVersionAreInvalidAndUnknownReasonsAreRetried() {
        for (String m : List.of("mempool-script-verify-flag-failed (Signature must be zero for failed CHECKSIG operation)",
                "mandatory-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)",
                "non-mandatory-script-verify-flag (Witness program hash mismatch)")) {
            assertInstanceOf(BroadcastOutcome.Invalid.class, BitcoindCarrier.classify(new RpcResult.Failed<>(new RpcError(-26, m))), m);
        }
        for (String m : List.of("mempool min fee not met, 1000 < 1200", "txn-mempool-conflict", "too-long-mempool-chain, too many descendants",
                "some reason from a future Core")) {
            assertInstanceOf(BroadcastOutcome.RetryLater.class, BitcoindCarrier.classify(new RpcResult.Failed<>(new RpcError(-26, m))), m);
        }
        assertInstanceOf(BroadcastOutcome.Unreachable.class, BitcoindCarrier.classify(new RpcResult.Failed<>(new RpcError(-28, "Loading block index…"))));
        assertInstanceOf(BroadcastOutcome.Unreachable.class,
                BitcoindCarrier.classify(new RpcResult.Unavailable<>(RpcResult.Reason.CONNECTION, "connection refused")));
        assertInstanceOf(BroadcastOutcome.Accepted.class,
                BitcoindCarrier.classify(new RpcResult.Failed<>(new RpcError(-26, "txn-already-known"))));
    }
}
