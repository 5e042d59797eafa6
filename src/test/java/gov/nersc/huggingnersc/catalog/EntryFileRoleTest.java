package gov.nersc.huggingnersc.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.api.CatalogEntry;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one map of an entry's file names to their roles, which the renderer, the repo's files and the catalog share. */
class EntryFileRoleTest {
    @Test
    void eachFileOfAnEntryHasItsRole() throws IOException {
        CatalogEntry iris = CatalogTest.iris("Iris").toBuilder()
                .batchScript(Optional.of("run.sh"))
                .build();
        assertThat(EntryFileRole.of(iris, "README.md")).isEqualTo(EntryFileRole.CARD);
        assertThat(EntryFileRole.of(iris, "iris_info.json")).isEqualTo(EntryFileRole.INFO);
        assertThat(EntryFileRole.of(iris, "iris_dataloader.ipynb")).isEqualTo(EntryFileRole.NOTEBOOK);
        assertThat(EntryFileRole.of(iris, "iris_loader.py")).isEqualTo(EntryFileRole.LOADER);
        assertThat(EntryFileRole.of(iris, "run.sh")).isEqualTo(EntryFileRole.BATCH_SCRIPT);
        assertThat(EntryFileRole.of(iris, "croissant.json")).isEqualTo(EntryFileRole.CROISSANT);
        assertThat(EntryFileRole.of(iris, "nersc_files.csv")).isEqualTo(EntryFileRole.INVENTORY);
        assertThat(EntryFileRole.of(iris, "nersc.json")).isEqualTo(EntryFileRole.NERSC_JSON);
        assertThat(EntryFileRole.of(iris, "notes.txt")).isEqualTo(EntryFileRole.OTHER);
    }

    @Test
    void theManifestAndItsPartsAreTheManifestButNotAnotherEntrysOrAnotherExtension() {
        assertThat(EntryFileRole.ofName("iris", "iris_manifest.jsonl.gz")).isEqualTo(EntryFileRole.MANIFEST);
        assertThat(EntryFileRole.ofName("iris", "iris_manifest.part-0003.jsonl.gz"))
                .isEqualTo(EntryFileRole.MANIFEST);
        assertThat(EntryFileRole.ofName("iris", "iris_manifest.jsonl")).isEqualTo(EntryFileRole.OTHER);
        assertThat(EntryFileRole.ofName("iris", "other_manifest.jsonl.gz")).isEqualTo(EntryFileRole.OTHER);
        assertThat(Catalog.isManifestFile("iris", "iris_manifest.part-0003.jsonl.gz"))
                .isTrue();
    }

    @Test
    void scriptNamesDependOnTheEntryNotOnTheNickname() {
        assertThat(EntryFileRole.ofName("iris", "iris_loader.py")).isEqualTo(EntryFileRole.OTHER);
        assertThat(EntryFileRole.defaultLoaderName("iris")).isEqualTo("iris_loader.py");
        assertThat(EntryFileRole.defaultBatchName("iris")).isEqualTo("iris_batch.sh");
    }
}
