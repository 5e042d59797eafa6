package gov.nersc.huggingnersc.card;

import static gov.nersc.huggingnersc.card.CardExamples.iris;
import static gov.nersc.huggingnersc.card.CardExamples.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetCardTest {

    @Test
    void irisFrontMatterIsExactlyWhatTheEarlierToolWrote() {
        String markdown = DatasetCard.render(iris()).toMarkdown();

        assertThat(markdown).startsWith(CardExamples.EARLIER_TOOL_IRIS_FRONT_MATTER);
    }

    @Test
    void irisBodyShowsWhereTheDataLivesAndHowToLoadIt() {
        String body = DatasetCard.render(iris()).body();

        assertThat(body).isEqualTo("""
        <!-- huggingnersc:begin keys=pretty_name,language,size_categories,tags -->
        # Iris

        ## Where the data lives at NERSC

        - Data: `/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data`
        - Download: [https://portal.nersc.gov/cfs/dasrepo/ai\\_ready\\_datasets/iris/data](https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data)
        - Catalog entry: `/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris`
        - Globus: [Transfer with Globus](https://app.globus.org/file-manager?origin_id=9d6d994a-6d04-11e5-ba46-22000b92c6ec&origin_path=%2Fglobal%2Fcfs%2Fcdirs%2Fdasrepo%2Fwww%2Fai_ready_datasets%2Firis%2Fdata) (collection NERSC DTN)
        - Contents: 1 file, 4.4 KiB; formats: csv

        ## Load it

        The following code can be used to load the dataset from its stored location at NERSC.

        Open it as a notebook on NERSC's JupyterHub: [iris\\_dataloader.ipynb](https://jupyter.nersc.gov/hub/user-redirect/lab/tree/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/iris_dataloader.ipynb)

        Loader, `iris_loader.py`:

        ```python
        import pandas as pd

        df = pd.read_csv("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/iris.csv")
        print(df.head())
        ```

        <!-- huggingnersc:end -->
        """);
    }

    @Test
    void renderedCardReadsBackAsTheSameCard() {
        DatasetCard card = DatasetCard.render(iris());

        DatasetCard read = DatasetCard.parse(card.toMarkdown());

        assertThat(read).isEqualTo(card);
        assertThat(read.frontMatter())
                .containsExactly(
                        Map.entry("pretty_name", "Iris"), Map.entry("language", List.of("en")),
                        Map.entry("size_categories", List.of("n<1K")), Map.entry("tags", List.of("csv", "biology")));
    }

    @Test
    void theOwnedPartOfACardKeptAsCommittedIsWhatThisToolWrote() {
        DatasetCard fresh = DatasetCard.render(iris());
        DatasetCard onHub =
                DatasetCard.parse("---\nconfigs:\n- config_name: default\nhomepage: https://example.org\n---\n"
                        + "Intro by a colleague.\n\n" + fresh.body() + "\n## Notes\n\nTheirs.\n");
        DatasetCard committed = fresh.mergedOnto(onHub);

        assertThat(committed.owned()).contains(fresh);
        assertThat(fresh.owned()).contains(fresh);
        assertThat(DatasetCard.parse("---\npretty_name: Iris\n---\n# Iris\n").owned())
                .isEmpty();
    }

    @Test
    void structuredHubKeysPassThroughAsGivenAndScalarsBecomeLists() {
        var md = metadata("""
        {"datacard_tags": {"pretty_name": "JetClass", "license": "cc-by-4.0",
          "configs": [{"config_name": "default", "data_files": [{"split": "train", "path": "train/*.h5"}]}],
          "dataset_info": {"download_size": 123, "features": [{"name": "x", "dtype": "float32"}]},
          "paperswithcode_id": "jetclass", "viewer": false, "task_categories": ["other"]}}
        """);

        Map<String, Object> fm =
                DatasetCard.parse(DatasetCard.render(iris(md)).toMarkdown()).frontMatter();

        assertThat(fm.keySet())
                .containsExactly(
                        "pretty_name",
                        "license",
                        "configs",
                        "dataset_info",
                        "paperswithcode_id",
                        "viewer",
                        "task_categories");
        assertThat(fm.get("license")).isEqualTo(List.of("cc-by-4.0"));
        assertThat(fm.get("configs"))
                .isEqualTo(List.of(Map.of(
                        "config_name",
                        "default",
                        "data_files",
                        List.of(Map.of("split", "train", "path", "train/*.h5")))));
        assertThat(fm.get("dataset_info"))
                .isEqualTo(Map.of("download_size", 123, "features", List.of(Map.of("name", "x", "dtype", "float32"))));
        assertThat(fm.get("paperswithcode_id")).isEqualTo("jetclass");
        assertThat(fm.get("viewer")).isEqualTo(false);
    }

    @Test
    void allOptionalSectionsAppearInOrder() {
        var md = metadata("""
        {"datacard_tags": {"pretty_name": "JetClass"},
         "other_info": {"description": "Jets from **simulated** collisions.",
           "papers": ["https://arxiv.org/abs/2202.03772", "https://arxiv.org/pdf/1705.03551v2.pdf", "https://example.org/paper"],
           "citation": "@article{qu2022, title={Particle Transformer}}",
           "doi": "https://doi.org/10.5281/zenodo.6619768", "homepage": "https://github.com/jet-universe/particle_transformer",
           "contact": "jane@lbl.gov", "hpss_path": "/home/projects/dasrepo/jetclass.tar",
           "globus": {"collection": "NERSC DTN", "path": "/global/cfs/cdirs/dasrepo/jetclass"}}}
        """);
        CardInput in = new CardInput(
                "JetClass",
                "jetclass",
                md,
                Optional.of("/global/cfs/cdirs/dasrepo/jetclass"),
                Optional.empty(),
                "/global/cfs/cdirs/dasrepo/ai_ready_datasets/jetclass",
                Optional.empty(),
                new Script("jetclass_loader.py", "import torch\n"),
                Optional.of(
                        new Script("jetclass.sbatch", "#!/bin/bash\n#SBATCH -C gpu\nsrun python jetclass_loader.py\n")),
                true,
                Optional.empty());

        String body = DatasetCard.render(in).body();

        assertThat(body)
                .containsSubsequence(
                        "# JetClass",
                        "Jets from **simulated** collisions.",
                        "## Where the data lives at NERSC",
                        "- Download: Not public: the data can be read at NERSC only.",
                        "- HPSS (tape archive): `/home/projects/dasrepo/jetclass.tar`",
                        "- Globus: [Transfer with Globus](https://app.globus.org/file-manager?origin_id="
                                + "9d6d994a-6d04-11e5-ba46-22000b92c6ec&origin_path=%2Fglobal%2Fcfs%2Fcdirs%2Fdasrepo%2Fjetclass)"
                                + " (collection NERSC DTN)\n",
                        "## Load it",
                        "The loader is distributed",
                        "```bash\n#!/bin/bash\n#SBATCH -C gpu",
                        "```python\nimport torch\n```",
                        "## Papers",
                        "- [arXiv:2202.03772](https://arxiv.org/abs/2202.03772)",
                        "- [arXiv:1705.03551](https://arxiv.org/abs/1705.03551v2)",
                        "- [https://example.org/paper](https://example.org/paper)",
                        "## Citation",
                        "```bibtex\n@article{qu2022, title={Particle Transformer}}\n```",
                        "## More information",
                        "- DOI: [10.5281/zenodo.6619768](https://doi.org/10.5281/zenodo.6619768)",
                        "- Homepage: [https://github.com/jet-universe/particle\\_transformer](https://github.com/jet-universe/particle_transformer)",
                        "- Contact: jane@lbl.gov",
                        "<!-- huggingnersc:end -->");
        assertThat(body).doesNotContain("jupyter.nersc.gov").containsOnlyOnce("- Globus:");
    }

    @Test
    void scriptLanguageComesFromShebangThenExtension() {
        assertThat(new Script("load.py", "import x").language()).isEqualTo("python");
        assertThat(new Script("run.sh", "#!/bin/bash\necho").language()).isEqualTo("bash");
        assertThat(new Script("run.sh", "echo").language()).isEqualTo("sh");
        assertThat(new Script("load", "#!/usr/bin/env -S python3.11 -u\n").language())
                .isEqualTo("python");
        assertThat(new Script("load.jl", "x = 1").language()).isEqualTo("julia");
        assertThat(new Script("load.R", "x <- 1").language()).isEqualTo("r");
        assertThat(new Script("load", "#!/usr/bin/env Rscript\n").language()).isEqualTo("r");
        assertThat(new Script("job.sbatch", "#SBATCH -N 1").language()).isEqualTo("bash");
        assertThat(new Script("notes", "hello").language()).isEmpty();
    }

    // --- parsing cards as the Hub does

    @Test
    void parsesCrlfCards() {
        DatasetCard card = DatasetCard.parse("---\r\npretty_name: Iris\r\ntags:\r\n- csv\r\n---\r\n# Iris\r\n");

        assertThat(card.frontMatter())
                .containsExactly(Map.entry("pretty_name", "Iris"), Map.entry("tags", List.of("csv")));
        assertThat(card.body()).isEqualTo("# Iris\r\n");
    }

    @Test
    void aCardWithoutFrontMatterIsAllBody() {
        String text = "# Just a README\n\n---\n\nsome: text\n";

        DatasetCard card = DatasetCard.parse(text);

        assertThat(card.frontMatter()).isEmpty();
        assertThat(card.body()).isEqualTo(text);
        assertThat(card.toMarkdown()).isEqualTo(text);
    }

    @Test
    void emptyFrontMatterGivesAnEmptyMap() {
        assertThat(DatasetCard.parse("---\n---\n# Title\n")).isEqualTo(new DatasetCard(Map.of(), "# Title\n"));
        assertThat(DatasetCard.parse("---\n\n---\n# Title\n")).isEqualTo(new DatasetCard(Map.of(), "# Title\n"));
        assertThat(DatasetCard.parse("---\n# only a comment\n---\n")).isEqualTo(new DatasetCard(Map.of(), ""));
    }

    @Test
    void frontMatterEndsAtTheFirstDashLineWithTrailingBlanks() {
        DatasetCard card = DatasetCard.parse("\n  ---\nkey: a\n--- \t\nbody\n---\nmore\n");

        assertThat(card.frontMatter()).containsExactly(Map.entry("key", "a"));
        assertThat(card.body()).isEqualTo("body\n---\nmore\n");
    }

    @Test
    void invalidYamlIsInvalidInputNamingTheLine() {
        assertThatThrownBy(() -> DatasetCard.parse("---\npretty_name: Iris\ntags: [csv\n---\nbody\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("README.md line ")
                .hasMessageContaining("not valid YAML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void frontMatterThatIsNotAMappingIsInvalidInput() {
        assertThatThrownBy(() -> DatasetCard.parse("---\n- a\n- b\n---\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("README.md line 2: the front matter must be a YAML mapping of keys to values, not a list");
    }
}
