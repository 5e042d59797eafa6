package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.testing.OfficialJsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge of the local hub's fidelity: the Hub's official JavaScript client
 * ({@code @huggingface/hub}, pinned in {@code conformance/package.json}) runs
 * {@code conformance/conformance.mjs} against a local hub started here. Without node and npm the
 * test is skipped, except in CI (env {@code CI} set), where it fails.
 */
class ConformanceTest {
    @TempDir
    Path dir;

    @Test
    void officialJavaScriptClientPassesEveryStep() throws Exception {
        OfficialJsClient js = OfficialJsClient.require();
        try (LocalHub hub =
                LocalHub.start(dir, LocalHub.Options.defaults().withPageSize(2).withMultipartChunkSize(5_000_000))) {
            OfficialJsClient.Run r = js.node("conformance.mjs", hub.url(), hub.token());
            assertThat(r.exit()).as("conformance script failed:\n" + r.output()).isZero();
            assertThat(r.output()).contains("conformance: all steps passed").doesNotContain(hub.token());
        }
    }
}
