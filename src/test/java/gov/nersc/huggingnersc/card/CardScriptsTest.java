package gov.nersc.huggingnersc.card;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.EarlierToolEntry;
import gov.nersc.huggingnersc.api.Metadata;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the loader and batch scripts back from a card, ours or the earlier tool's. */
class CardScriptsTest {
    private static final String HOSTILE_LOADER = "s = '''\n```\nnot the end\n```\n'''\nprint(s)\n";

    @Test
    void ourCardGivesBackTheScriptsAndTheirNamesEvenWithFencesInside() throws Exception {
        ObjectNode md = (ObjectNode)
                new ObjectMapper()
                        .readTree(
                                "{\"datacard_tags\": {\"pretty_name\": \"Iris\", \"size_categories\": \"n<1K\"}, \"other_info\": {}}");
        CardInput in = new CardInput(
                "Iris",
                "iris",
                new Metadata(md),
                Optional.of("/data/"),
                Optional.empty(),
                "/catalog/iris/",
                Optional.empty(),
                new Script("load_iris.py", HOSTILE_LOADER),
                Optional.of(new Script("run.sh", "#!/bin/bash\nsrun python load_iris.py\n")),
                true,
                Optional.empty());

        CardScripts s = CardScripts.of(DatasetCard.render(in).toMarkdown());

        assertThat(s.loader()).contains(HOSTILE_LOADER);
        assertThat(s.loaderName()).contains("load_iris.py");
        assertThat(s.batch()).contains("#!/bin/bash\nsrun python load_iris.py\n");
        assertThat(s.batchName()).contains("run.sh");
    }

    @Test
    void theEarlierToolsCardGivesTheLoaderAfterItsSentenceAndTheBatchScriptBeforeIt() {
        CardScripts plain = CardScripts.of(EarlierToolEntry.IRIS_README);
        assertThat(plain.loader()).contains("import pandas as pd\n");
        assertThat(plain.loaderName()).isEmpty();
        assertThat(plain.batch()).isEmpty();

        String withBatch = EarlierToolEntry.IRIS_README.replace(
                "```\nimport pandas as pd\n```\n",
                "Batch script to run the dataloader.\n```\n#SBATCH -N 1\nsrun python loader.py\n```\n"
                        + "```\nimport pandas as pd\n```\n");
        CardScripts both = CardScripts.of(withBatch);
        assertThat(both.batch()).contains("#SBATCH -N 1\nsrun python loader.py\n");
        assertThat(both.loader()).contains("import pandas as pd\n");
    }

    @Test
    void aCardWithoutTheSentenceOrOurHeadingsHasNoLoader() {
        CardScripts s = CardScripts.of("---\npretty_name: X\n---\n# X\n\n```python\nprint('an example')\n```\n");
        assertThat(s.loader()).isEmpty();
    }
}
