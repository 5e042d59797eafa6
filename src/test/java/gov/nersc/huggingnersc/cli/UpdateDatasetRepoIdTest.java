package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code update-dataset --repo-id}: after a rename on the Hub, the catalog entry follows the repo. */
class UpdateDatasetRepoIdTest {
    private static final RepoId RENAMED = new RepoId("NERSC", "iris-flowers");

    @TempDir
    Path home;

    HubTestbed bed;

    @BeforeEach
    void setUp() throws IOException {
        bed = HubTestbed.start(home, LocalHub.Options.defaults());
        bed.catalogIris();
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private int moveOnTheHub(String from, String to) throws Exception {
        HttpRequest move = HttpRequest.newBuilder(URI.create(bed.hub.url() + "/api/repos/move"))
                .header("Authorization", "Bearer " + bed.hub.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"fromRepo\":\"" + from + "\",\"toRepo\":\"" + to + "\",\"type\":\"dataset\"}"))
                .build();
        return HttpClient.newHttpClient()
                .send(move, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void theEntryIsRepointedAndTheCommitGoesToTheRenamedRepo() throws Exception {
        assertThat(moveOnTheHub("NERSC/iris", RENAMED.toString())).isEqualTo(200);
        int before = bed.commits(RENAMED);
        CliRunner.Result r =
                bed.run("update-dataset", "iris", "--repo-id", RENAMED.toString(), "--official-name", "Iris flowers");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Hub repo:").contains(RENAMED.toString());
        String info = Files.readString(bed.root.resolve("iris").resolve("iris_info.json"));
        assertThat(new ObjectMapper().readTree(info).toString())
                .contains(RENAMED.toString())
                .doesNotContain("NERSC/iris\"");
        assertThat(bed.commits(RENAMED)).isEqualTo(before + 1);
        assertThat(bed.hubText(RENAMED, "README.md")).contains("Iris flowers").contains(RENAMED.toString());
    }

    @Test
    void aMalformedRepoIdIsExit2NamingTheOptionAndChangesNothing() throws Exception {
        Path info = bed.root.resolve("iris").resolve("iris_info.json");
        String before = Files.readString(info);
        CliRunner.Result r = bed.run("update-dataset", "iris", "--repo-id", "no-slash");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--repo-id").contains("no-slash");
        assertThat(Files.readString(info)).isEqualTo(before);
    }
}
