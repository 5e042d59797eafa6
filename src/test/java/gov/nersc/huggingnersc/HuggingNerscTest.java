package gov.nersc.huggingnersc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.CatalogResult;
import gov.nersc.huggingnersc.api.DryRun;
import gov.nersc.huggingnersc.api.InspectedEntry;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.config.SettingsResolver;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade as a Java user calls it. */
class HuggingNerscTest {
    @TempDir
    Path home;

    Path root;
    HuggingNersc api;
    DatasetFixtures.Inputs iris;

    @BeforeEach
    void setUp() throws IOException {
        root = home.resolve("catalog");
        Settings settings = SettingsResolver.resolve(
                new SettingsResolver.Flags("https://huggingface.co", null, root, null),
                Map.of(
                        "HOME",
                        home.toString(),
                        "HUGGINGNERSC_HOME",
                        home.resolve(".hn").toString()));
        api = HuggingNersc.create(settings);
        iris = DatasetFixtures.iris(home);
    }

    private NewDataset iris(String officialName) {
        return NewDataset.builder()
                .officialName(officialName)
                .nickname("iris")
                .loaderScript(iris.loader())
                .dataPath(iris.data().toString())
                .downloadLink("none")
                .metadataJson(iris.metadata())
                .build();
    }

    @Test
    void catalogsOnceThenReportsUnchanged() throws IOException {
        CatalogResult first = api.catalogNewDataset(iris("Iris"));
        assertThat(first.status()).isEqualTo(CatalogResult.Status.NEW);
        assertThat(first.where()).isEqualTo(root.resolve("iris"));
        assertThat(first.entry().repoId().toString()).isEqualTo("NERSC/iris");
        assertThat(first.entry().hubUrl()).isEqualTo("https://huggingface.co/datasets/NERSC/iris/");
        assertThat(first.entry().loaderScript()).contains("iris_loader.py");
        assertThat(first.entry().origin()).isEqualTo(CatalogEntry.Origin.HUGGINGNERSC);
        Map<String, String> before = TreeSnapshot.of(root);

        CatalogResult second = api.catalogNewDataset(iris("Iris"));

        assertThat(second.status()).isEqualTo(CatalogResult.Status.UNCHANGED);
        assertThat(second.entry()).isEqualTo(first.entry());
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void otherInputUnderTheSameNicknameIsAConflict() throws IOException {
        api.catalogNewDataset(iris("Iris"));
        Map<String, String> before = TreeSnapshot.of(root);
        assertThatThrownBy(() -> api.catalogNewDataset(iris("Iris setosa")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("update-dataset iris");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void inspectReturnsTheEntryAndItsFiles() {
        api.catalogNewDataset(iris("Iris"));
        InspectedEntry found = api.inspect("iris");
        assertThat(found.location()).isEqualTo(root.resolve("iris"));
        assertThat(found.files())
                .containsExactly(
                        "README.md",
                        "croissant.json",
                        "iris_dataloader.ipynb",
                        "iris_info.json",
                        "iris_loader.py",
                        "nersc_files.csv");
        assertThat(found.entry().officialName()).isEqualTo("Iris");
    }

    @Test
    void dryRunWritesOnlyIntoTheOutputFolder() {
        Path out = home.resolve("preview");
        DryRun r = api.dryRun(iris("Iris"), Optional.of(out));
        assertThat(r.where()).isEqualTo(out);
        assertThat(r.catalogDir()).isEqualTo(root.resolve("iris"));
        assertThat(r.files())
                .containsExactlyInAnyOrder(
                        "README.md",
                        "iris_dataloader.ipynb",
                        "iris_loader.py",
                        "iris_info.json",
                        "croissant.json",
                        "nersc_files.csv");
        assertThat(out.resolve("iris_info.json")).exists();
        assertThat(root).doesNotExist();
    }

    @Test
    void theDataPathMayBeAbsentWhenNotChecked() {
        NewDataset remote = iris("Iris").toBuilder()
                .dataPath("/dvs_ro/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/")
                .downloadLink("auto")
                .checkData(false)
                .scan(false)
                .build();
        CatalogEntry e = api.catalogNewDataset(remote).entry();
        assertThat(e.dataPath()).contains("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/");
        assertThat(e.downloadLink()).contains("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/");

        NewDataset checked = remote.toBuilder().checkData(true).scan(true).build();
        assertThatThrownBy(() -> api.catalogNewDataset(checked))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(
                        "DATA_PATH /dvs_ro/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/: no such file");
    }

    @Test
    void aScriptCannotTakeTheNameOfTheEntrysOwnFiles() throws IOException {
        Path readme = Files.writeString(home.resolve("README.md"), "print('hi')\n");
        NewDataset r = iris("Iris").toBuilder().loaderScript(readme).build();
        assertThatThrownBy(() -> api.catalogNewDataset(r))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("LOADER_SCRIPT " + readme + ": the file name README.md is taken");
        assertThat(root).doesNotExist();
    }
}
