package dev.vigil.breachdetector.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.breachdetector.block.Block;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Loads the recorded bitcoind traffic of fixtures/bitcoind/ (JSON lines). */
public final class RecordedTraffic {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedTraffic() {}

    /** Every line of a .jsonl fixture, parsed. */
    public static List<JsonNode> lines(String relative) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(SharedFiles.path(relative))) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded ZMQ messages, in arrival order. */
    public static List<JsonNode> zmqFrames() {
        return lines("fixtures/bitcoind/zmq-frames.jsonl");
    }

    /** The recorded JSON-RPC calls, in order. */
    public static List<JsonNode> rpcTranscript() {
        return lines("fixtures/bitcoind/rpc-transcript.jsonl");
    }

    /** The blocks a real regtest node published on {@code rawblock}, in arrival order. */
    public static List<Block> zmqRawBlocks() {
        List<Block> blocks = new ArrayList<>();
        for (JsonNode m : zmqFrames()) {
            if (m.get("topic").asText().equals("rawblock")) {
                blocks.add(Block.parse(Hex.decode(m.get("body").asText())).orElseThrow());
            }
        }
        return blocks;
    }
}
