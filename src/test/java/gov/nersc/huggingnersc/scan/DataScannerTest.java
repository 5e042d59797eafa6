package gov.nersc.huggingnersc.scan;

import static gov.nersc.huggingnersc.scan.TestTrees.ascii;
import static gov.nersc.huggingnersc.scan.TestTrees.concat;
import static gov.nersc.huggingnersc.scan.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.ScanSummary;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataScannerTest {
    @TempDir
    Path tmp;

    private ScanSummary scan(Path root) {
        return DataScanner.create().threads(3).scan(root);
    }

    @Test
    void countsFilesBytesAndDirectories() {
        Path data = tmp.resolve("data");
        write(data.resolve("a.txt"), "hello");
        write(data.resolve("sub/b.txt"), "hi");
        write(data.resolve("sub/deeper/c.txt"), "");

        ScanSummary s = scan(data);

        assertThat(s.files()).isEqualTo(3);
        assertThat(s.bytes()).isEqualTo(7);
        assertThat(s.directories()).isEqualTo(3);
        assertThat(s.unreadable().isEmpty()).isTrue();
        assertThat(s.symlinksSkipped()).isZero();
    }

    @Test
    void recognisesFormatsBySignatureWhateverTheirNames() {
        Path data = tmp.resolve("data");
        write(data.resolve("table.csv"), TestTrees.hdf5(0, 64)); // misleading: HDF5 inside
        write(data.resolve("real.csv"), "a,b\n1,2\n");
        write(data.resolve("events.h5"), TestTrees.hdf5(0, 32));
        write(data.resolve("with-user-block.h5"), TestTrees.hdf5(1024, 2048));
        write(data.resolve("climate.nc"), TestTrees.hdf5(0, 16)); // NetCDF-4 is HDF5 named .nc
        write(data.resolve("classic.nc"), concat(ascii("CDF"), new byte[] {1, 0, 0, 0}));
        write(data.resolve("offset64.bin"), concat(ascii("CDF"), new byte[] {2, 0}));
        write(data.resolve("rows.dat"), TestTrees.parquet());
        write(data.resolve("array.npy"), concat(new byte[] {(byte) 0x93}, ascii("NUMPY\u0001\u0000")));
        write(data.resolve("notes.txt"), concat(new byte[] {(byte) 0x89}, ascii("PNG\r\n\u001a\n"), new byte[8]));
        write(data.resolve("photo.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0});
        write(data.resolve("scan.tif"), concat(ascii("II"), new byte[] {42, 0}));
        write(data.resolve("anim.gif"), ascii("GIF89a.."));
        write(data.resolve("bundle.zip"), concat(ascii("PK"), new byte[] {3, 4, 0, 0}));
        write(data.resolve("logs.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        write(data.resolve("archive"), TestTrees.tar());
        write(data.resolve("meta.json"), "{}");
        write(data.resolve("lines.jsonl"), "{}\n{}\n");
        write(data.resolve("fake.h5"), "not hdf5 at all");

        ScanSummary s = scan(data);

        assertThat(s.formats().keySet())
                .containsExactlyInAnyOrder(
                        "hdf5", "csv", "netcdf4", "netcdf3", "parquet", "numpy", "png", "jpeg", "tiff", "gif", "zip",
                        "gzip", "tar", "json", "jsonl", "other");
        assertThat(s.formats().get("hdf5").count()).isEqualTo(3);
        assertThat(s.formats().get("csv").count()).isEqualTo(1);
        assertThat(s.formats().get("netcdf3").count()).isEqualTo(2);
        assertThat(s.formats().get("other").count()).isEqualTo(1);
        assertThat(s.extensions().get("csv").count()).isEqualTo(2);
        assertThat(s.extensionMismatches().first())
                .containsExactly(
                        "fake.h5: extension says hdf5, content is other",
                        "notes.txt: extension says text, content is png",
                        "table.csv: extension says csv, content is hdf5");
        assertThat(s.suggestedTags())
                .contains("hdf5", "netcdf", "parquet", "numpy", "image", "csv", "json")
                .doesNotHaveDuplicates()
                .doesNotContain("zip", "gzip", "tar", "other");
        assertThat(s.sizeCategory()).isEmpty(); // HDF5 rows are not counted
    }

    @Test
    void byExtensionTrustsNamesAndCountsNoRows() {
        Path data = tmp.resolve("data");
        write(data.resolve("table.csv"), TestTrees.hdf5(0, 64));
        write(data.resolve("events.h5"), "not really");
        write(data.resolve("t.csv"), "a\n1\n");

        ScanSummary s = DataScanner.create().threads(2).byExtension().scan(data);

        assertThat(s.formats()).containsOnlyKeys("csv", "hdf5");
        assertThat(s.formats().get("csv").count()).isEqualTo(2);
        assertThat(s.extensionMismatches().isEmpty()).isTrue();
        assertThat(s.sizeCategory()).isEmpty();
    }

    @Test
    void countsAZarrStoreAsOneDataset() {
        Path data = tmp.resolve("data");
        write(data.resolve("ocean.zarr/.zgroup"), "{\"zarr_format\":2}");
        write(data.resolve("ocean.zarr/temp/.zarray"), "{}");
        write(data.resolve("ocean.zarr/temp/0.0"), new byte[100]);
        write(data.resolve("ocean.zarr/temp/0.1"), new byte[100]);
        write(data.resolve("v3.zarr/zarr.json"), "{}");
        write(data.resolve("v3.zarr/c/0"), new byte[10]);
        write(data.resolve("readme.md"), "# data");

        ScanSummary s = scan(data);

        assertThat(s.formats().get("zarr")).isEqualTo(new ScanSummary.FormatCount(2, 17 + 2 + 200 + 2 + 10));
        assertThat(s.files()).isEqualTo(7);
        assertThat(s.formats().keySet()).containsExactly("zarr", "text");
        assertThat(s.suggestedTags()).containsExactly("zarr");
    }

    @Test
    void suggestsASizeCategoryFromCsvLinesAndParquetFooters() {
        Path data = tmp.resolve("data");
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 900; i++) {
            csv.append(i).append(',').append(i * 2).append('\n');
        }
        write(data.resolve("train.csv"), csv.toString());
        write(data.resolve("test.tsv"), "x\ty\n1\t2\n3\t4"); // last line without newline still counts
        write(data.resolve("more.parquet"), TestTrees.parquet());
        write(data.resolve("README.md"), "about the data\n");
        write(data.resolve("LICENSE"), "CC-BY-4.0\n");

        ScanSummary s = scan(data);

        assertThat(s.rows()).isEqualTo(900 + 2 + 150);
        assertThat(s.sizeCategory()).contains("1K<n<10K");
    }

    @Test
    void noSizeCategoryWithoutTables() {
        write(tmp.resolve("d/readme.md"), "x");
        assertThat(scan(tmp.resolve("d")).sizeCategory()).isEmpty();
    }

    @Test
    void sizeCategoryBoundaries() {
        assertThat(ScanSummary.sizeCategoryOf(0)).isEqualTo("n<1K");
        assertThat(ScanSummary.sizeCategoryOf(999)).isEqualTo("n<1K");
        assertThat(ScanSummary.sizeCategoryOf(1_000)).isEqualTo("1K<n<10K");
        assertThat(ScanSummary.sizeCategoryOf(150_000)).isEqualTo("100K<n<1M");
        assertThat(ScanSummary.sizeCategoryOf(999_999_999_999L)).isEqualTo("100B<n<1T");
        assertThat(ScanSummary.sizeCategoryOf(1_000_000_000_000L)).isEqualTo("n>1T");
    }

    @Test
    void listsTheTenLargestAndTheNewestModification() {
        Path data = tmp.resolve("data");
        for (int i = 1; i <= 15; i++) {
            Path f = write(data.resolve("d" + (i % 3) + "/f" + i), new byte[i * 10]);
            TestTrees.touch(f, 1_600_000_000_000L + i * 1000L);
        }
        ScanSummary s = scan(data);

        assertThat(s.largest()).hasSize(10);
        assertThat(s.largest().get(0)).isEqualTo(new ScanSummary.LargestFile("d0/f15", 150));
        assertThat(s.largest().get(9)).isEqualTo(new ScanSummary.LargestFile("d0/f6", 60));
        assertThat(s.newestModified()).isEqualTo(Instant.ofEpochMilli(1_600_000_015_000L));
    }

    @Test
    void doesNotFollowALinkToAnAncestor() throws IOException {
        Path data = tmp.resolve("data");
        write(data.resolve("a/b/file.txt"), "x");
        Files.createSymbolicLink(data.resolve("a/b/loop"), data.resolve("a"));
        Files.createSymbolicLink(data.resolve("a/b/rootloop"), Path.of(".."));
        Files.createSymbolicLink(data.resolve("self"), data);

        ScanSummary s = scan(data);

        assertThat(s.files()).isEqualTo(1);
        assertThat(s.linksInTree())
                .as("links to folders of the tree, the root too: never followed")
                .isEqualTo(3);
        assertThat(s.symlinksSkipped()).isZero();
    }

    @Test
    void doesNotFollowALinkOutOfTheTree() throws IOException {
        Path outside = tmp.resolve("outside");
        write(outside.resolve("secret.bin"), new byte[1000]);
        Path data = tmp.resolve("data");
        write(data.resolve("in.txt"), "x");
        Files.createSymbolicLink(data.resolve("escape"), outside);
        Files.createSymbolicLink(data.resolve("escape-file"), outside.resolve("secret.bin"));
        Files.createSymbolicLink(data.resolve("dangling"), tmp.resolve("nowhere"));

        ScanSummary s = scan(data);

        assertThat(s.files()).isEqualTo(1);
        assertThat(s.bytes()).isEqualTo(1);
        assertThat(s.symlinksSkipped()).isEqualTo(3);
    }

    @Test
    void countsTheTargetOfALinkInsideTheTreeOnce() throws IOException {
        Path data = tmp.resolve("data");
        write(data.resolve("real/x.csv"), "a\n1\n");
        Files.createSymbolicLink(data.resolve("alias"), Path.of("real"));
        Files.createSymbolicLink(data.resolve("latest.csv"), Path.of("real/x.csv"));

        ScanSummary s = scan(data);

        assertThat(s.files()).isEqualTo(1); // real/x.csv; alias/x.csv and latest.csv are the same bytes
        assertThat(s.bytes()).isEqualTo(4);
        assertThat(s.rows()).isEqualTo(1);
        assertThat(s.linksInTree()).isEqualTo(2);
        assertThat(s.symlinksSkipped()).isZero();
    }

    @Test
    void reportsUnreadableEntriesAndCarriesOn() throws IOException {
        Path data = tmp.resolve("data");
        write(data.resolve("ok.txt"), "fine");
        write(data.resolve("locked/inside.txt"), "hidden");
        Path secret = write(data.resolve("secret.h5"), TestTrees.hdf5(0, 16));
        Files.setPosixFilePermissions(data.resolve("locked"), PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        try {
            ScanSummary s = scan(data);

            assertThat(s.files()).isGreaterThanOrEqualTo(2); // ok.txt and secret.h5 were stat-ed
            assumeTrue(
                    TestTrees.permissionsAreEnforced(data.resolve("locked")),
                    "running as root: chmod 000 does not deny reads here");
            assertThat(s.unreadable().first())
                    .containsExactly("locked: permission denied", "secret.h5: permission denied");
            assertThat(s.unreadable().count()).isEqualTo(2);
        } finally {
            Files.setPosixFilePermissions(data.resolve("locked"), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFileDeletedBetweenListingAndStatIsCountedAsVanished() {
        Path data = tmp.resolve("data");
        write(data.resolve("stays.txt"), "1");
        write(data.resolve("goes.txt"), "22");
        write(data.resolve("gone-dir/x"), "333");
        AtomicBoolean once = new AtomicBoolean();

        ScanSummary s = DataScanner.create()
                .threads(1)
                .afterListing(dir -> {
                    if (dir.getFileName().toString().equals("data") && once.compareAndSet(false, true)) {
                        try {
                            Files.delete(dir.resolve("goes.txt"));
                            Files.delete(dir.resolve("gone-dir/x"));
                            Files.delete(dir.resolve("gone-dir"));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                })
                .scan(data);

        assertThat(s.files()).isEqualTo(1);
        assertThat(s.bytes()).isEqualTo(1);
        assertThat(s.vanished()).isEqualTo(2);
        assertThat(s.unreadable().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void theSummaryDoesNotDependOnTheNumberOfThreads(int threads) {
        Path data = tmp.resolve("data");
        for (int d = 0; d < 7; d++) {
            for (int f = 0; f < 300; f++) { // more than one batch per directory
                write(data.resolve("d" + d + "/sub" + (f % 4) + "/f" + f + ".csv"), "h\n" + f + "\n");
            }
        }
        ScanSummary s = DataScanner.create().threads(threads).scan(data);

        assertThat(s.files()).isEqualTo(7 * 300);
        assertThat(s.directories()).isEqualTo(1 + 7 + 7 * 4);
        assertThat(s.rows()).isEqualTo(7 * 300);
        assertThat(s.formats().get("csv").count()).isEqualTo(7 * 300);
    }

    @Test
    void reportsProgressEndingWithAFinalReport() {
        Path data = tmp.resolve("data");
        write(data.resolve("a"), new byte[5]);
        write(data.resolve("b"), new byte[7]);
        List<ScanProgress> reports = new CopyOnWriteArrayList<>();

        DataScanner.create().progress(reports::add).scan(data);

        assertThat(reports).isNotEmpty();
        ScanProgress last = reports.get(reports.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.files()).isEqualTo(2);
        assertThat(last.bytes()).isEqualTo(12);
    }

    @Test
    void refusesAMissingPathOrAFile() {
        assertThatThrownBy(() -> scan(tmp.resolve("missing")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist");
        Path file = write(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> scan(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> DataScanner.create().threads(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--threads");
    }

    @Test
    void parquetFooterReaderSkipsWhatItDoesNotNeed() {
        assertThat(ParquetFooter.numRows(TestTrees.PARQUET_FOOTER_150_ROWS)).isEqualTo(150);
        // truncated footers are not a crash, just an unknown count
        List<Long> truncated = new ArrayList<>();
        for (int n = 0; n < TestTrees.PARQUET_FOOTER_150_ROWS.length - 4; n++) {
            truncated.add(ParquetFooter.numRows(java.util.Arrays.copyOf(TestTrees.PARQUET_FOOTER_150_ROWS, n)));
        }
        assertThat(truncated).containsOnly(-1L);
    }
}
