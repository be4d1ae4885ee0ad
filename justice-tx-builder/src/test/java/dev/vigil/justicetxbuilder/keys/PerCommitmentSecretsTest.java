package dev.vigil.justicetxbuilder.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** bolt3-per-commitment-secrets.json and bolt3-secret-storage.json (Appendix D). */
class PerCommitmentSecretsTest {

    @TestFactory
    List<DynamicTest> generation() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : SharedFiles.json("vectors/bolt3-per-commitment-secrets.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> assertEquals(
                    Bytes.of(SharedFiles.hex(c, "expected_secret")),
                    PerCommitmentSecrets.generate(Bytes.of(SharedFiles.hex(c, "seed")), c.get("index").asLong()))));
        }
        assertEquals(5, tests.size());
        return tests;
    }

    @TestFactory
    List<DynamicTest> storage() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : SharedFiles.json("vectors/bolt3-secret-storage.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> runStorageCase(c)));
        }
        assertEquals(9, tests.size());
        return tests;
    }

    private static void runStorageCase(JsonNode c) {
        SecretStore store = SecretStore.empty();
        Map<Long, Bytes> accepted = new LinkedHashMap<>();
        int steps = 0;
        for (JsonNode step : c.get("steps")) {
            steps++;
            long index = step.get("index").asLong();
            Bytes secret = Bytes.of(SharedFiles.hex(step, "secret"));
            SecretStore.InsertResult r = store.insert(index, secret);
            if ("OK".equals(step.get("expected").asText())) {
                store = assertInstanceOf(SecretStore.InsertResult.Inserted.class, r, "step " + steps).store();
                accepted.put(index, secret);
                // Every secret accepted so far is still derivable from the compact store.
                for (Map.Entry<Long, Bytes> e : accepted.entrySet()) {
                    assertEquals(e.getValue(), store.lookup(e.getKey()).orElseThrow());
                }
            } else {
                assertEquals("ERROR", step.get("expected").asText());
                assertInstanceOf(SecretStore.InsertResult.Rejected.class, r, "step " + steps);
                assertEquals(c.get("steps").size(), steps, "an ERROR ends the case");
            }
        }
        assertFalse(accepted.isEmpty());
    }

    @Test
    void aStoreFilledFromASeedDerivesEveryOlderSecret() {
        Bytes seed = Bytes.fromHex("ab".repeat(32));
        SecretStore store = SecretStore.empty();
        for (long n = 0; n < 100; n++) {
            long index = PerCommitmentSecrets.indexOf(n);
            store = assertInstanceOf(SecretStore.InsertResult.Inserted.class,
                    store.insert(index, PerCommitmentSecrets.generate(seed, index))).store();
        }
        for (long n = 0; n < 100; n++) {
            long index = PerCommitmentSecrets.indexOf(n);
            assertEquals(PerCommitmentSecrets.generate(seed, index), store.lookup(index).orElseThrow());
        }
        assertTrue(store.lookup(PerCommitmentSecrets.indexOf(100)).isEmpty(), "not yet revealed");

        // A secret from another seed is caught as soon as it must derive a stored one: index
        // 2^48-1-101 ends in binary 10, so it has to derive the secret of index 2^48-1-100.
        long odd = PerCommitmentSecrets.indexOf(100);
        store = assertInstanceOf(SecretStore.InsertResult.Inserted.class,
                store.insert(odd, PerCommitmentSecrets.generate(seed, odd))).store();
        long next = PerCommitmentSecrets.indexOf(101);
        Bytes forged = PerCommitmentSecrets.generate(Bytes.fromHex("cd".repeat(32)), next);
        SecretStore.InsertResult r = store.insert(next, forged);
        assertEquals(odd, assertInstanceOf(SecretStore.InsertResult.Rejected.class, r).conflictingIndex());
        assertInstanceOf(SecretStore.InsertResult.Inserted.class,
                store.insert(next, PerCommitmentSecrets.generate(seed, next)));
    }

    @Test
    void indexesAre48Bit() {
        assertEquals(0xffffffffffffL, PerCommitmentSecrets.indexOf(0));
        assertThrows(IllegalArgumentException.class, () -> PerCommitmentSecrets.indexOf(1L << 48));
        assertThrows(IllegalArgumentException.class,
                () -> PerCommitmentSecrets.generate(Bytes.fromHex("00".repeat(32)), -1));
    }
}
