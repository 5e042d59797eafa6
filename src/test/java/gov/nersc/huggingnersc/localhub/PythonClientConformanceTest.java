package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.testing.OfficialPythonClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hub's released Python client ({@code huggingface_hub}, pinned in {@code
 * src/test/python/requirements.txt}) runs {@code src/test/python/hub_conformance.py} against a local
 * hub started here: uploads, commits, downloads, the cache, refs, history, tree and paths-info with
 * expand, cards, listing, private repos, delete. Each check is named; a failure shows which checks
 * failed with the client's traceback. Skipped without a venv, failing in CI, as {@link
 * OfficialPythonClient} says.
 */
class PythonClientConformanceTest {
    @TempDir
    Path dir;

    @Test
    void officialPythonClientPassesEveryCheck() throws Exception {
        OfficialPythonClient py = OfficialPythonClient.require();
        try (LocalHub hub =
                LocalHub.start(dir, LocalHub.Options.defaults().withPageSize(2).withLfsThresholdBytes(10_000))) {
            OfficialPythonClient.Run r = py.hub(hub.url())
                    .token(hub.token())
                    .timeout(Duration.ofMinutes(5))
                    .run(OfficialPythonClient.script("hub_conformance.py"), Map.of("HF_HUB_DISABLE_XET", "1"));
            String failures = r.out()
                    .lines()
                    .filter(l -> l.startsWith("python conformance:"))
                    .findFirst()
                    .orElse("");
            assertThat(r.exit())
                    .as("Python conformance failed: " + failures + "\n" + r)
                    .isZero();
            assertThat(r.out()).contains("python conformance: all 19 checks passed");
            assertThat(r.out() + r.err()).doesNotContain(hub.token());
        }
    }
}
