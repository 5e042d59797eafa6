package gov.nersc.huggingnersc;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.api.CatalogResult;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.PublishOptions;
import gov.nersc.huggingnersc.api.PublishResult;
import gov.nersc.huggingnersc.api.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example, as written there: catalog and publish iris, then publish again. */
class PublishApiTest {
    @TempDir
    Path home;

    @Test
    void theReadmeExampleCatalogsPublishesAndRepublishesNothing() {
        Map<String, String> env = Map.of(
                "HOME",
                home.toString(),
                "HUGGINGNERSC_HOME",
                home.resolve(".hn").toString());

        // --- README example (no token, no endpoint: the embedded local hub under HUGGINGNERSC_HOME)
        Settings settings = HuggingNerscTools.resolveSettings(null, null, null, null, env);
        HuggingNersc hn = HuggingNersc.create(settings);
        NewDataset iris = NewDataset.builder()
                .officialName("Iris")
                .nickname("iris")
                .loaderScript(Path.of("examples/iris/iris_loader.py"))
                .dataPath("examples/iris/data")
                .downloadLink("none")
                .metadataJson(Path.of("examples/iris/iris_metadata.json"))
                .build();
        CatalogResult r = hn.catalogNewDataset(iris, PublishOptions.defaults());
        PublishResult published = r.publication().orElseThrow();
        System.out.println(r.where() + " -> " + published.commitUrl());
        PublishResult again = hn.publish("iris", PublishOptions.defaults()); // nothing new: no commit
        // --- end of the example

        assertThat(settings.embeddedByDefault()).isTrue();
        assertThat(r.status()).isEqualTo(CatalogResult.Status.NEW);
        assertThat(published.status()).isEqualTo(PublishResult.Status.COMMITTED);
        assertThat(published.repoUrl()).isEqualTo("file:" + home.resolve(".hn/hub") + "/datasets/NERSC/iris");
        assertThat(r.entry().published().orElseThrow().commit()).isEqualTo(published.commit());
        assertThat(again.status()).isEqualTo(PublishResult.Status.ALREADY_PUBLISHED);
        assertThat(again.commit()).isEqualTo(published.commit());
        assertThat(hn.inspect("iris").entry().published()).isEqualTo(r.entry().published());
    }
}
