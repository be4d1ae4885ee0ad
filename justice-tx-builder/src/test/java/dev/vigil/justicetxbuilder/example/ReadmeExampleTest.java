package dev.vigil.justicetxbuilder.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's example is the code {@link WalletExampleTest} runs, not a copy that can rot. */
class ReadmeExampleTest {
    @Test
    void readmeQuotesTheRunnableExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```java\n") + "```java\n".length();
        String quoted = readme.substring(start, readme.indexOf("```", start));

        String source = Files.readString(
                Path.of("src/test/java/dev/vigil/justicetxbuilder/example/WalletExampleTest.java"));
        String begin = "// ---- README example begins ----\n";
        int from = source.indexOf(begin) + begin.length();
        String example = source.substring(from, source.indexOf("        // ---- README example ends ----"));

        assertEquals(normalise(example), normalise(quoted));
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
