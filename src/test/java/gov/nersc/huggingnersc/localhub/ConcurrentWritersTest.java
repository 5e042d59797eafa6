package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per repo: commits racing on the same parent never both land. */
class ConcurrentWritersTest {
    @TempDir
    Path dir;

    @Test
    void ofCommitsRacingFromTheSameParentExactlyOneLands() throws Exception {
        try (LocalHub hub = LocalHub.start(dir, LocalHub.Options.defaults())) {
            HubHttp http = new HubHttp(hub);
            http.createRepo("nersc/race", false);
            String parent = http.head("nersc/race");
            int writers = 8;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String name = "f" + i + ".txt";
                Callable<Integer> commit = () -> {
                    go.await();
                    return http.commit(
                                    "nersc/race",
                                    "main",
                                    Map.of("summary", name, "parentCommit", parent),
                                    List.of(HubHttp.file(name, name)))
                            .status();
                };
                results.add(pool.submit(commit));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            pool.shutdown();
            assertThat(statuses).containsOnly(200, 412);
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
            assertThat(http.allPages("/api/datasets/nersc/race/commits/main", new ArrayList<>()))
                    .hasSize(2);
        }
    }

    @Test
    void anEmbeddedHubKeepsItsTokenInThePrivateTokenFile() throws Exception {
        try (LocalHub hub = LocalHub.startEmbedded(dir.resolve("hub"))) {
            Path token = dir.resolve("hub/token");
            assertThat(Files.readString(token).strip()).isEqualTo(hub.token()).startsWith("hf_");
            assertThat(Files.getPosixFilePermissions(token)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(hub.url()).startsWith("http://127.0.0.1:");
            assertThat(new HubHttp(hub).get("/api/whoami-v2").status()).isEqualTo(200);
        }
        try (LocalHub again = LocalHub.startEmbedded(dir.resolve("hub"))) {
            assertThat(again.token())
                    .isEqualTo(Files.readString(dir.resolve("hub/token")).strip());
        }
    }
}
