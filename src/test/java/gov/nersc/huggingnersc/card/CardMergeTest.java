package gov.nersc.huggingnersc.card;

import static gov.nersc.huggingnersc.card.CardExamples.iris;
import static gov.nersc.huggingnersc.card.CardExamples.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Updating a card on the Hub keeps what others wrote there. */
class CardMergeTest {

    private final DatasetCard ours = DatasetCard.render(iris());

    @Test
    void keepsKeysAndTextOthersAddedOnTheHub() {
        String edited = ours.toMarkdown()
                        .replace("tags:\n", "configs:\n- config_name: default\n  data_files: iris.csv\ntags:\n")
                        .replace("---\n<!--", "---\nIntro written on the Hub.\n\n<!--")
                + "\n## Notes from the community\n\nWorks with polars too.\n";
        DatasetCard onHub = DatasetCard.parse(edited);
        DatasetCard fresh = DatasetCard.render(
                iris(metadata(CardExamples.IRIS_METADATA.replace("\"biology\"", "\"biology\", \"tabular\""))));

        DatasetCard merged = fresh.mergedOnto(onHub);

        assertThat(merged.frontMatter().keySet())
                .containsExactly("pretty_name", "language", "size_categories", "configs", "tags");
        assertThat(merged.frontMatter().get("configs"))
                .isEqualTo(List.of(Map.of("config_name", "default", "data_files", "iris.csv")));
        assertThat(merged.frontMatter().get("tags")).isEqualTo(List.of("csv", "biology", "tabular"));
        assertThat(merged.body())
                .startsWith("Intro written on the Hub.\n\n<!-- huggingnersc:begin")
                .endsWith("<!-- huggingnersc:end -->\n\n## Notes from the community\n\nWorks with polars too.\n");
        assertThat(merged.body()).containsOnlyOnce("## Load it");
    }

    @Test
    void mergingTwiceIsTheSameAsOnce() {
        DatasetCard onHub = DatasetCard.parse("---\nlicense: mit\ndataset_info:\n  download_size: 10\n---\n"
                + "# Someone's README\r\n\r\nHand-written.\r\n");

        DatasetCard once = ours.mergedOnto(onHub);
        DatasetCard twice = ours.mergedOnto(DatasetCard.parse(once.toMarkdown()));

        assertThat(twice.toMarkdown()).isEqualTo(once.toMarkdown());
        assertThat(once.frontMatter().keySet())
                .containsExactly("license", "dataset_info", "pretty_name", "language", "size_categories", "tags");
        // a card without our markers gets our sections appended after its own text
        assertThat(once.body()).startsWith("# Someone's README\n\nHand-written.\n\n<!-- huggingnersc:begin");
    }

    @Test
    void aKeyWeNoLongerWriteIsRemovedButTheirsStay() {
        DatasetCard onHub = DatasetCard.parse(
                ours.toMarkdown().replace("---\n<!--", "---\n<!--").replaceFirst("---\n", "---\nlicense: mit\n"));
        DatasetCard withoutTags = DatasetCard.render(iris(metadata("""
        {"datacard_tags": {"pretty_name": "Iris", "language": ["en"], "size_categories": "n<1K"}}
        """)));

        DatasetCard merged = withoutTags.mergedOnto(onHub);

        assertThat(merged.frontMatter().keySet())
                .containsExactly("license", "pretty_name", "language", "size_categories");
    }

    @Test
    void replacesTheEarlierToolsCardAndKeepsTextAddedAfterIt() {
        String earlier = CardExamples.EARLIER_TOOL_IRIS_FRONT_MATTER + """

        # Iris

        The following code can be used to load the dataset from its stored location at NERSC.

        https://jupyter.nersc.gov/hub/user-redirect/lab/tree/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/iris_dataloader.ipynb

        ```
        import pandas as pd
        ```

        If you would like to download the data, visit the following link:
        https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data

        Paper(s):
        - https://arxiv.org/abs/2202.03772

        Added later by a colleague.
        """;

        DatasetCard merged = ours.mergedOnto(DatasetCard.parse(earlier));

        assertThat(merged.body())
                .startsWith("<!-- huggingnersc:begin")
                .endsWith("<!-- huggingnersc:end -->\n\nAdded later by a colleague.\n")
                .doesNotContain("If you would like to download")
                .doesNotContain("Paper(s):");
        assertThat(ours.mergedOnto(merged).toMarkdown()).isEqualTo(merged.toMarkdown());
    }

    @Test
    void replacesOurSectionsWhenSomeoneRemovedTheMarkers() {
        String withoutMarkers = ours.toMarkdown()
                        .replaceAll("<!-- huggingnersc:[^\n]*\n", "")
                        .replace("# Iris\n", "Badge line.\n\n# Iris\n")
                + "\n## Licence notes\n\nAsk first.\n";

        DatasetCard merged = ours.mergedOnto(DatasetCard.parse(withoutMarkers));

        assertThat(merged.body())
                .startsWith("Badge line.\n\n<!-- huggingnersc:begin")
                .endsWith("<!-- huggingnersc:end -->\n\n## Licence notes\n\nAsk first.\n")
                .containsOnlyOnce("# Iris")
                .containsOnlyOnce("## Where the data lives at NERSC");
    }

    @Test
    void anOpenCodeBlockInTheirTextIsClosedSoOurSectionsStayVisible() {
        DatasetCard onHub = DatasetCard.parse("Example:\n\n~~~~python\nprint(1)\n");

        DatasetCard once = ours.mergedOnto(onHub);

        assertThat(once.body()).startsWith("Example:\n\n~~~~python\nprint(1)\n~~~~\n\n<!-- huggingnersc:begin");
        assertThat(ours.mergedOnto(once).toMarkdown()).isEqualTo(once.toMarkdown());
    }

    @Test
    void aMarkerQuotedInTheirCodeIsNotOurs() {
        DatasetCard onHub = DatasetCard.parse("How it works:\n\n```\n<!-- huggingnersc:end -->\n```\n");

        DatasetCard merged = ours.mergedOnto(onHub);

        assertThat(merged.body())
                .startsWith("How it works:\n\n```\n<!-- huggingnersc:end -->\n```\n\n<!-- huggingnersc:begin");
        assertThat(ours.mergedOnto(merged).toMarkdown()).isEqualTo(merged.toMarkdown());
    }

    @Test
    void ontoAnEmptyCardIsOurCard() {
        assertThat(ours.mergedOnto(DatasetCard.parse("")).toMarkdown()).isEqualTo(ours.toMarkdown());
    }
}
