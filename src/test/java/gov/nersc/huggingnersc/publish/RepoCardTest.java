package gov.nersc.huggingnersc.publish;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.card.DatasetCard;
import org.junit.jupiter.api.Test;

class RepoCardTest {
    private static final String OURS = """
      ---
      pretty_name: Iris
      ---
      <!-- huggingnersc:begin keys=pretty_name -->
      # Iris
      <!-- huggingnersc:end -->
      """;

    private static RepoCard onHub(String text) {
        return new RepoCard(text, DatasetCard.parse(text));
    }

    @Test
    void theirSpellingStaysWhenOurCardChangesNothingInTheirs() {
        String theirs = "---\nhomepage: 'https://example.org'\npretty_name: \"Iris\"\n---\n"
                + OURS.substring(OURS.indexOf("<!--")) + "\nTheir notes.\n";

        assertThat(onHub(theirs).mergedText(DatasetCard.parse(OURS))).isEqualTo(theirs);
    }

    @Test
    void aCardKeptAsCommittedBringsOnlyWhatThisToolWroteSoTheirNewerKeysWin() {
        String theirs = "---\nconfigs: new\npretty_name: Iris\n---\n" + OURS.substring(OURS.indexOf("<!--"));
        DatasetCard keptAsCommitted =
                DatasetCard.parse(OURS.replace("---\npretty_name", "---\nconfigs: old\npretty_name")
                        .replace("# Iris", "# Iris flowers"));

        DatasetCard merged = onHub(theirs).merge(keptAsCommitted);

        assertThat(merged.frontMatter()).containsEntry("configs", "new");
        assertThat(merged.body()).contains("# Iris flowers");
    }
}
