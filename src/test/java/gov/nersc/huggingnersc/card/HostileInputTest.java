package gov.nersc.huggingnersc.card;

import static gov.nersc.huggingnersc.card.CardExamples.iris;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.Metadata;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Titles, descriptions and code that look like YAML, Markdown or HTML stay text on the card. */
class HostileInputTest {

    private static CardInput withText(String title, String description, String loaderCode) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putObject("datacard_tags").put("pretty_name", title).put("size_categories", "n<1K");
        json.putObject("other_info").put("description", description);
        CardInput base = iris(new Metadata(json));
        return new CardInput(
                title,
                "iris",
                base.metadata(),
                base.dataPath(),
                base.downloadLink(),
                base.catalogEntryDir(),
                base.notebookUrl(),
                new Script("load.py", loaderCode),
                Optional.empty(),
                false,
                Optional.empty());
    }

    @Test
    void colonAndHashInTheTitleAreQuotedInYamlAndEscapedInTheHeading() {
        DatasetCard card = DatasetCard.render(withText("Jets: top # quark", "", "pass\n"));

        assertThat(card.toMarkdown())
                .startsWith("---\npretty_name: \"Jets: top # quark\"\nsize_categories:\n- n<1K\n---\n");
        assertThat(card.body()).contains("\n# Jets: top \\# quark\n");
        assertThat(DatasetCard.parse(card.toMarkdown()).frontMatter().get("pretty_name"))
                .isEqualTo("Jets: top # quark");
    }

    @Test
    void aDashLineInTheTitleCannotEndTheFrontMatter() {
        DatasetCard card = DatasetCard.render(withText("a\n---\nb: c", "", "pass\n"));

        assertThat(card.toMarkdown()).startsWith("---\npretty_name: \"a\\n---\\nb: c\"\n");
        assertThat(card.body()).contains("\n# a --- b: c\n");
        assertThat(DatasetCard.parse(card.toMarkdown())).isEqualTo(card);
    }

    @Test
    void yamlWordsStayStrings() {
        for (String word : new String[] {"yes", "No", "on", "null", "~", "1e3", "0x10", "0o17", "2024-01-01", ""}) {
            DatasetCard card = DatasetCard.render(withText(word, "", "pass\n"));
            assertThat(card.toMarkdown()).startsWith("---\npretty_name: \"" + word + "\"\n");
            assertThat(DatasetCard.parse(card.toMarkdown()).frontMatter().get("pretty_name"))
                    .isEqualTo(word);
        }
    }

    @Test
    void htmlInTheDescriptionIsShownNotRun() {
        String body = DatasetCard.render(withText(
                        "T", "Hello <script>alert(1)</script> and `a<b`\n\n<!-- huggingnersc:end -->", "pass\n"))
                .body();

        assertThat(body)
                .contains("Hello &lt;script>alert(1)&lt;/script> and `a<b`\n\n&lt;!-- huggingnersc:end -->\n")
                .containsOnlyOnce("<!-- huggingnersc:end -->");
    }

    @Test
    void headingsInTheDescriptionCannotPoseAsCardSections() {
        String body = DatasetCard.render(
                        withText("T", "## Load it\n\nText\n---\n> # Quote\n\n```\n## kept in code\n```", "pass\n"))
                .body();

        assertThat(body)
                .contains("#### Load it\n\nText\n\n---\n> ### Quote\n\n```\n## kept in code\n```\n")
                .containsOnlyOnce("\n## Load it\n");
    }

    @Test
    void anUnclosedCodeBlockInTheDescriptionIsClosed() {
        String body = DatasetCard.render(withText("T", "Run:\n\n~~~bash\nls", "pass\n"))
                .body();

        assertThat(body).contains("Run:\n\n~~~bash\nls\n~~~\n\n## Where the data lives at NERSC");
    }

    @Test
    void backticksInTheLoaderGetALongerFence() {
        String loader = "doc = '''\n```python\nx\n```\n'''\n````\n";

        String body = DatasetCard.render(withText("T", "", loader)).body();

        assertThat(body).contains("`````python\n" + loader + "`````\n");
    }
}
