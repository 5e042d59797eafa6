package gov.nersc.huggingnersc.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.EarlierToolEntry;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.RepoComparison;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a repo should hold for an entry, and how it is compared with a repo's tree. */
class RepoFilesTest {
    @TempDir
    Path root;

    private RepoFiles earlierIris() throws Exception {
        EarlierToolEntry.iris(root);
        Catalog catalog = new Catalog(root);
        return RepoFiles.of(catalog, catalog.read("iris").orElseThrow());
    }

    @Test
    void theSameEntryGivesTheSameBytesSoRepublishingMakesNoCommit() throws Exception {
        RepoFiles once = earlierIris();
        RepoFiles twice =
                RepoFiles.of(new Catalog(root), new Catalog(root).read("iris").orElseThrow());
        for (String path : once.paths()) {
            assertThat(twice.content(path)).as(path).isEqualTo(once.content(path));
        }
        String json = new String(once.content(NerscJson.PATH), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("{\n  \"schema_version\": 1,\n  \"nickname\": \"iris\",")
                .endsWith("}\n")
                .doesNotContain("\r")
                .contains("\"download_link\": null");
    }

    @Test
    void blobIdIsGitsObjectId() throws Exception {
        RepoFiles files = earlierIris();
        // printf 'import pandas as pd\n' | git hash-object --stdin
        assertThat(files.blobId("iris_loader.py")).isEqualTo("ffd919bcfb1b1138710a3c20396ab26821b6ffa4");
    }

    @Test
    void lfsFilesAreComparedBySha256AndGitattributesIsNobodysFile() throws Exception {
        RepoFiles files = earlierIris();
        List<TreeEntry> tree = List.of(
                new TreeEntry("file", ".gitattributes", 10, "aaa", null),
                new TreeEntry(
                        "file",
                        "README.md",
                        5000,
                        "pointer-oid",
                        new TreeEntry.Lfs(files.sha256("README.md"), 5000, 130)),
                new TreeEntry("file", "iris_loader.py", 20, "0000000000000000000000000000000000000000", null),
                new TreeEntry("directory", "data", 0, "bbb", null),
                new TreeEntry("file", "data/iris.csv", 100, "ccc", null));

        RepoComparison c = files.against("head", tree);

        assertThat(c.missing()).containsExactly("nersc.json");
        assertThat(c.differing()).containsExactly("iris_loader.py");
        assertThat(c.extra()).containsExactly("data/iris.csv");
        assertThat(c.agrees()).isFalse();
        assertThat(c.holdsOnlyOurs()).isFalse();
        assertThat(files.againstNoRepo().repoExists()).isFalse();
    }

    @Test
    void anEntryWithoutALoaderFileOrBlockSaysSoClearly() throws Exception {
        Path dir = EarlierToolEntry.iris(root);
        Files.writeString(dir.resolve("README.md"), "---\npretty_name: Iris\n---\n# Iris\n");
        Catalog catalog = new Catalog(root);
        CatalogEntry entry = catalog.read("iris").orElseThrow();
        assertThatThrownBy(() -> RepoFiles.of(catalog, entry))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "catalog entry " + root.resolve("iris")
                                + "/: no loader script: the entry names no loader file and "
                                + "its README.md shows no loader code block; add one with 'huggingnersc update-dataset iris --loader FILE'");
    }
}
