package gov.nersc.huggingnersc.card;

import static gov.nersc.huggingnersc.card.CardExamples.iris;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.markdown.Fence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Any text as a title, tag or description survives the card: YAML, Markdown and HTML stay text. */
class CardRoundTripPropertyTest {

    // words that mean something to YAML, Markdown, HTML or to our own markers
    static final List<String> HOSTILE = List.of(
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "null",
            "Null",
            "~",
            "true",
            "False",
            "1e3",
            "0x10",
            "0o17",
            "012",
            "1_000",
            ".inf",
            "-.5",
            "2001-12-14",
            "12:30:00",
            "<<",
            "=",
            ": ",
            " #",
            "#",
            "---",
            "...",
            "- ",
            "? ",
            "&a",
            "*a",
            "!tag",
            "%YAML",
            "@",
            "`",
            "```",
            "~~~",
            "'",
            "\"",
            "\\",
            "{",
            "}",
            "[",
            "]",
            ",",
            "|",
            ">",
            "<script>alert(1)</script>",
            "<!-- huggingnersc:end -->",
            "<!-- huggingnersc:begin keys=x -->",
            "## Load it",
            "# Title",
            "\n",
            "\r\n",
            "\r",
            "\t",
            " ",
            "\u0000",
            "\u0007",
            "\u001b",
            "\u0085",
            "\u00a0",
            "\u2028",
            "\u2029",
            "\ufeff",
            "\ud83d\ude00",
            "\u00e9t\u00e9",
            "\u6570\u636e",
            "n<1K",
            "cc-by-4.0");

    /** Random Unicode (every plane, no lone surrogates) mixed with hostile words. */
    static Gen<String> anyText() {
        Gen<String> piece = Generate.oneOf(
                Generate.pick(HOSTILE),
                strings().betweenCodePoints(0x0, 0x7f).ofLengthBetween(0, 6),
                strings().betweenCodePoints(0x80, 0xd7ff).ofLengthBetween(0, 4),
                strings().betweenCodePoints(0xe000, 0xffff).ofLengthBetween(0, 3),
                strings().betweenCodePoints(0x10000, 0x10ffff).ofLengthBetween(0, 3));
        return lists().of(piece).ofSizeBetween(0, 6).map(parts -> String.join("", parts));
    }

    @Test
    void anyPrettyNameAndTagsReadBackExactlyUnderYaml11AndYaml12() {
        qt().withExamples(600).forAll(anyText(), anyText()).checkAssert((a, b) -> {
            ObjectNode tags = JsonNodeFactory.instance.objectNode();
            tags.put("pretty_name", a);
            tags.putArray("tags").add(a).add(b);
            tags.put("size_categories", b);
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.set("datacard_tags", tags);

            DatasetCard card = DatasetCard.render(iris(new Metadata(json)));
            String markdown = card.toMarkdown();
            DatasetCard read = DatasetCard.parse(markdown);

            Map<String, Object> expected =
                    Map.of("pretty_name", a, "tags", List.of(a, b), "size_categories", List.of(b));
            assertThat(read.frontMatter()).isEqualTo(expected);
            assertThat(read.body()).isEqualTo(card.body());
            String yaml = markdown.substring(4, markdown.length() - card.body().length() - 4);
            Object yaml12 =
                    new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(yaml);
            assertThat(yaml12).isEqualTo(expected);
        });
    }

    @Test
    void anyKeyReadsBackExactly() {
        qt().withExamples(300).forAll(anyText(), anyText()).checkAssert((key, value) -> {
            ObjectNode tags = JsonNodeFactory.instance.objectNode();
            tags.put("pretty_name", "x");
            tags.put("k" + key, value);
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.set("datacard_tags", tags);

            DatasetCard read = DatasetCard.parse(
                    DatasetCard.render(iris(new Metadata(json))).toMarkdown());

            assertThat(read.frontMatter()).isEqualTo(Map.of("pretty_name", "x", "k" + key, List.of(value)));
        });
    }

    @Test
    void userTextNeverFakesASectionOrAMarker() {
        qt().withExamples(300).forAll(anyText(), anyText(), anyText()).checkAssert((title, description, code) -> {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.putObject("datacard_tags").put("pretty_name", title);
            json.putObject("other_info")
                    .put("description", description)
                    .putArray("papers")
                    .add("https://arxiv.org/abs/" + title)
                    .add(title + "p");
            CardInput base = iris(new Metadata(json));
            CardInput in = new CardInput(
                    title,
                    "iris",
                    base.metadata(),
                    Optional.of(title),
                    Optional.of("https://x.org/" + title),
                    code,
                    Optional.of("https://jupyter.nersc.gov/" + code),
                    new Script(title, code),
                    Optional.of(new Script("run.sh", description)),
                    false,
                    Optional.empty());

            DatasetCard card = DatasetCard.render(in);

            // outside code, the only h1/h2 headings and marker lines are ours, once each
            List<String> structure = new ArrayList<>();
            Fence fence = new Fence();
            for (String line : card.body().split("\n", -1)) {
                boolean code1 = fence.accept(line);
                if (!code1 && !line.startsWith("<!-- huggingnersc:")) {
                    // raw HTML only ever inside code (blocks or spans), where it is shown as text
                    assertThat(line.replaceAll("(`+).*?\\1", "")).doesNotContain("<");
                }
                if (!code1 && (line.matches(" {0,3}#{1,2}([ \t].*)?") || line.startsWith("<!-- huggingnersc:"))) {
                    structure.add(line.startsWith("# ") ? "# title" : line.replaceFirst(" keys=\\S*", ""));
                }
            }
            assertThat(structure)
                    .containsExactly(
                            "<!-- huggingnersc:begin -->",
                            "# title",
                            "## Where the data lives at NERSC",
                            "## Load it",
                            "## Papers",
                            "<!-- huggingnersc:end -->");
            assertThat(fence.closingLine()).isEmpty();
            assertThat(card.body()).doesNotContain("\r");
            // and merging the card onto itself changes nothing
            assertThat(card.mergedOnto(card).toMarkdown()).isEqualTo(card.toMarkdown());
        });
    }
}
