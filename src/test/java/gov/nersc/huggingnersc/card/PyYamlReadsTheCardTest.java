package gov.nersc.huggingnersc.card;

import static gov.nersc.huggingnersc.card.CardExamples.iris;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.Metadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * huggingface_hub reads cards with PyYAML's safe_load and the Hub's own regex; the front matter
 * of a card full of hostile text must read back there exactly too. Skipped without Debian's
 * python3-yaml.
 */
class PyYamlReadsTheCardTest {
    private static final String READ_LIKE_HUGGINGFACE_HUB = String.join(
            "\n",
            "import json, re, sys, yaml",
            "text = open(sys.argv[1], encoding='utf-8', newline='').read()",
            "m = re.match(r'^(\\s*---[\\r\\n]+)([\\S\\s]*?)([\\r\\n]+---(\\r\\n|\\n|$))', text)",
            "print(json.dumps(yaml.safe_load(m.group(2)), ensure_ascii=True))");

    @Test
    void pyYamlReadsHostileTextBackExactly(@TempDir Path dir) throws Exception {
        assumeTrue(run("import yaml", dir.resolve("none")).exitCode == 0, "/usr/bin/python3 has no PyYAML");
        ObjectNode tags = JsonNodeFactory.instance.objectNode();
        tags.put("pretty_name", String.join("", words()));
        ArrayNode list = tags.putArray("tags");
        words().forEach(list::add);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("datacard_tags", tags);
        Path readme = Files.writeString(
                dir.resolve("README.md"),
                DatasetCard.render(iris(new Metadata(json))).toMarkdown(),
                StandardCharsets.UTF_8);

        Result read = run(READ_LIKE_HUGGINGFACE_HUB, readme);

        assertThat(read.exitCode).as(read.output).isZero();
        assertThat(new ObjectMapper().readTree(read.output)).isEqualTo(tags);
    }

    private static java.util.List<String> words() {
        return CardRoundTripPropertyTest.HOSTILE;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String script, Path file) throws Exception {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (java.io.IOException noPython) {
            return new Result(-1, noPython.getMessage());
        }
    }
}
