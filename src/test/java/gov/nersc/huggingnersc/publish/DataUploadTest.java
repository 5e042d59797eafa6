package gov.nersc.huggingnersc.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.api.DataUploadRequest;
import gov.nersc.huggingnersc.api.DataUploadResult.DataFile;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How upload-data selects files, checks the Hub's limits and splits the files into commits. */
class DataUploadTest {
    @TempDir
    Path data;

    void files(String... paths) throws IOException {
        for (String p : paths) {
            Files.writeString(
                    Files.createDirectories(data.resolve(p).getParent())
                            .resolve(data.resolve(p).getFileName()),
                    "x".repeat(10));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "*.csv, a/b/c.csv, true",
        "*.csv, c.csv.gz, false",
        "train/?.h5, train/1.h5, true",
        "train/?.h5, train/10.h5, false",
        "[ab]*, b/x, true",
        "[!ab]*, b/x, false",
        "run+1/*, run+1/x, true",
        "[[]x, [x, true",
        "[]]x, ]x, true",
        "[!]]x, ax, true",
        "[!]]x, ]x, false",
        "[a&&b], &, true",
        "[\\d], d, true",
        "[\\d], 5, false",
        "[^a], ^, true",
        "[^a], b, false",
        "[abc, [abc, true"
    })
    void globsMatchAsFnmatchDoes(String glob, String path, boolean matches) {
        assertThat(UploadPlan.glob(glob).matcher(path).matches()).isEqualTo(matches);
    }

    @Test
    void filesAreSplitIntoCommitsByCountAndBytes() throws IOException {
        files("a.csv", "b.csv", "c.csv", "d/e.csv", "d/f.csv");
        List<List<DataFile>> byCount = UploadPlan.of(
                        data, DataUploadRequest.defaults().withCommitLimits(2, 1000), UploadPlan.Limits.HUB)
                .batches();
        assertThat(byCount).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(byCount.get(2).get(0).pathInRepo()).isEqualTo("data/d/f.csv");
        List<List<DataFile>> byBytes = UploadPlan.of(
                        data, DataUploadRequest.defaults().withCommitLimits(500, 25), UploadPlan.Limits.HUB)
                .batches();
        assertThat(byBytes).extracting(List::size).containsExactly(2, 2, 1);
    }

    @Test
    void tooManyFilesInAFolderOrInAllAreRefusedWithEveryProblem() throws IOException {
        files("a/1", "a/2", "a/3", "a/4", "b/1", "b/2");
        assertThatThrownBy(() -> UploadPlan.of(data, DataUploadRequest.defaults(), new UploadPlan.Limits(100, 5, 3)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems())
                        .containsExactly(
                                "upload-data: 6 files selected, above the Hub's limit of 5 files in a repo; select fewer with "
                                        + "--include/--exclude, or pack them (tar, parquet)",
                                "upload-data: 4 files in the repo folder data/a/, above the Hub's limit of 3 per folder; spread them "
                                        + "over subfolders, or pack them"));
    }

    @Test
    void nothingSelectedIsInvalidInput() throws IOException {
        files("a.h5");
        assertThatThrownBy(() -> UploadPlan.of(
                        data, DataUploadRequest.defaults().withInclude(List.of("*.csv")), UploadPlan.Limits.HUB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no file under " + data + " matches --include '*.csv'");
    }

    @Test
    void aDataPathThatIsALinkToAFolderIsWalkedAndOneThatIsAFileIsThatFile() throws IOException {
        files("a.csv", "d/b.csv");
        Path link = Files.createSymbolicLink(data.resolveSibling(data.getFileName() + "-link"), data);
        try {
            assertThat(UploadPlan.of(link, DataUploadRequest.defaults(), UploadPlan.Limits.HUB)
                            .batches()
                            .get(0))
                    .extracting(DataFile::pathInRepo)
                    .containsExactly("data/a.csv", "data/d/b.csv");
        } finally {
            Files.delete(link);
        }
        assertThat(UploadPlan.of(data.resolve("a.csv"), DataUploadRequest.defaults(), UploadPlan.Limits.HUB)
                        .batches()
                        .get(0))
                .extracting(DataFile::pathInRepo)
                .containsExactly("data/a.csv");
    }

    @Test
    void configsHaveOneConfigPerFormatWithTheLargestAsDefault() {
        UploadConfigs c = UploadConfigs.of(
                List.of(
                        new DataFile("a.csv", "data/a.csv", 10),
                        new DataFile("b.parquet", "data/b.parquet", 5),
                        new DataFile("c.bin", "data/c.bin", 1)),
                List.of("data/old.tsv"),
                "data/");
        assertThat(c.patterns()).containsExactly("data/a.csv", "data/b.parquet", "data/old.tsv");
        assertThat(c.notViewable()).containsExactly("bin");
        assertThat(c.yaml()).extracting(m -> m.get("config_name")).containsExactly("csv", "parquet", "tsv");
        assertThat(c.yaml().get(0)).containsEntry("default", true);
        assertThat(c.yaml().get(1)).doesNotContainKey("default");
        assertThat(c.yaml().get(2)).containsEntry("sep", "\t");
    }

    @Test
    void splitFoldersStaySplitsAndHdf5IsAFormatLikeAnyOther() {
        UploadConfigs c = UploadConfigs.of(
                List.of(
                        new DataFile("train/a.h5", "data/train/a.h5", 10),
                        new DataFile("train/b.h5", "data/train/b.h5", 10),
                        new DataFile("valid/c.h5", "data/valid/c.h5", 5),
                        new DataFile("test/d.h5", "data/test/d.h5", 5),
                        new DataFile("README.md", "data/README.md", 1)),
                List.of(),
                "data/");
        assertThat(c.yaml())
                .containsExactly(Map.of(
                        "config_name",
                        "default",
                        "data_files",
                        List.of(
                                Map.of("split", "train", "path", "data/train/**/*.h5"),
                                Map.of("split", "validation", "path", "data/valid/c.h5"),
                                Map.of("split", "test", "path", "data/test/d.h5"))));
        assertThat(c.notViewable()).containsExactly("md");
    }
}
