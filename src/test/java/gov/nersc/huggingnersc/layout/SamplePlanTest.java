package gov.nersc.huggingnersc.layout;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.scan.DataFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplePlanTest {
    @TempDir
    Path data;

    private Inventory plan(long budget, Optional<String> link) {
        return SamplePlan.inventory(
                DataFiles.list(data, Optional.empty(), 1L << 30), data, "/global/cfs/cdirs/p/www/d", link, budget);
    }

    private void write(String path, String text) throws IOException {
        Path f = data.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    private static String csv(int rows) {
        StringBuilder b = new StringBuilder("x,y\n");
        for (int i = 0; i < rows; i++) {
            b.append(i).append(',').append(i * 2).append('\n');
        }
        return b.toString();
    }

    @Test
    void dataWithinTheBudgetGoesUpWholeAsTheDefaultConfigBySplit() throws IOException {
        write("train/a.csv", csv(10));
        write("test/b.csv", csv(5));
        write("notes.md", "# notes\n");

        DataLayout layout =
                new DataLayout(plan(SamplePlan.DEFAULT_BUDGET, Optional.of("https://portal.nersc.gov/cfs/p/d/")));

        assertThat(layout.inventory().sample()).extracting(DataFile::path).containsExactly("test/b.csv", "train/a.csv");
        assertThat(layout.inventory().sample()).allMatch(f -> f.sampleBytes() == f.size());
        assertThat(layout.configs())
                .containsExactly(Map.of(
                        "config_name",
                        "default",
                        "data_files",
                        List.of(
                                Map.of("split", "train", "path", "sample/train/a.csv"),
                                Map.of("split", "test", "path", "sample/test/b.csv"))));
        assertThat(layout.inventoryInRepo()).isFalse();
        assertThat(layout.noViewer()).isEmpty();
        DataFile notes = layout.inventory().files().get(0);
        assertThat(notes.path()).isEqualTo("notes.md");
        assertThat(notes.loadable()).isFalse();
        assertThat(layout.inventory().files().get(1).url()).contains("https://portal.nersc.gov/cfs/p/d/test/b.csv");
        assertThat(layout.inventory().files().get(1).nerscPath()).isEqualTo("/global/cfs/cdirs/p/www/d/test/b.csv");
    }

    @Test
    void overTheBudgetEachSplitGetsAShareAndABigCsvGivesWholeLinesFromItsStart() throws IOException {
        write("train/big.csv", csv(5000));
        write("test/small.csv", csv(3));

        Inventory inv = plan(2000, Optional.empty());

        DataFile big = inv.files().stream()
                .filter(f -> f.path().equals("train/big.csv"))
                .findFirst()
                .orElseThrow();
        assertThat(big.sampleBytes()).isPositive().isLessThanOrEqualTo(1000);
        String head = csv(5000).substring(0, (int) big.sampleBytes());
        assertThat(head).startsWith("x,y\n").endsWith("\n");
        DataFile small = inv.files().stream()
                .filter(f -> f.path().equals("test/small.csv"))
                .findFirst()
                .orElseThrow();
        assertThat(small.sampleBytes()).isEqualTo(small.size());
        assertThat(inv.sample().stream().mapToLong(DataFile::sampleBytes).sum()).isLessThanOrEqualTo(2000);
    }

    @Test
    void nothingReadableTurnsTheViewerOffAndPublishesTheInventoryAsTheConfig() throws IOException {
        write("a.nc", "CDF\u0001....");
        write("b.npy", "\u0093NUMPY");

        DataLayout layout = new DataLayout(plan(SamplePlan.DEFAULT_BUDGET, Optional.empty()));

        assertThat(layout.hasSample()).isFalse();
        assertThat(layout.noViewer()).get().asString().contains("none of its files is in a format");
        assertThat(layout.inventoryInRepo()).isTrue();
        assertThat(layout.configs())
                .containsExactly(Map.of(
                        "config_name",
                        "files",
                        "data_files",
                        List.of(Map.of("split", "train", "path", Inventory.FILE_NAME))));
    }

    @Test
    void severalFormatsGetAConfigEachWithTheLargestAsDefault() throws IOException {
        write("train/a.jsonl", "{\"a\": 1}\n".repeat(50));
        write("train/b.csv", csv(2));

        List<java.util.Map<String, Object>> configs =
                new DataLayout(plan(SamplePlan.DEFAULT_BUDGET, Optional.empty())).configs();

        assertThat(configs).extracting(c -> c.get("config_name")).containsExactly("jsonl", "csv");
        assertThat(configs.get(0)).containsEntry("default", true);
        assertThat(configs.get(1)).doesNotContainKey("default");
    }

    @Test
    void theInventoryReadsBackAsWritten() throws IOException {
        write("train/a, \"quoted\".csv", csv(2));
        write("b.h5", "\u0089HDF");

        Inventory inv = plan(SamplePlan.DEFAULT_BUDGET, Optional.of("https://portal.nersc.gov/cfs/p/d/"));

        assertThat(Inventory.parse(inv.toCsv(), "nersc_files.csv")).isEqualTo(inv);
        assertThat(inv.files()).allMatch(f -> f.sha256().isPresent());
    }
}
