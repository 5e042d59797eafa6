package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Renames as the Hub's {@code move_repo} does them; old names answer 307 to the new ones. */
class RepoMoveTest extends HubPerTest {
    static Map<String, Object> move(String from, String to) {
        return Map.of("fromRepo", from, "toRepo", to, "type", "dataset");
    }

    @Test
    void aMovedRepoAnswersUnderItsNewNameAndTheOldRedirects() {
        http.publish("nersc/old", false, List.of(HubHttp.file("a.txt", "hello\n")));
        String head = http.head("nersc/old");
        assertThat(http.post("/api/repos/move", move("nersc/old", "nersc/new")).status())
                .isEqualTo(200);
        assertThat(http.get("/api/datasets/nersc/new").json().get("sha").asText())
                .isEqualTo(head);
        assertThat(http.get("/datasets/nersc/new/resolve/main/a.txt").text()).isEqualTo("hello\n");

        HubHttp.Answer api = http.get("/api/datasets/nersc/old/revision/main?expand=sha");
        assertThat(api.status()).isEqualTo(307);
        assertThat(api.header("Location")).isEqualTo("/api/datasets/nersc/new/revision/main?expand=sha");
        HubHttp.Answer file = http.getAnonymous("/datasets/nersc/old/resolve/main/a.txt");
        assertThat(file.status()).isEqualTo(307);
        assertThat(file.header("Location")).isEqualTo("/datasets/nersc/new/resolve/main/a.txt");
        assertThat(http.get("/api/datasets/?author=nersc").json().findValuesAsText("id"))
                .containsExactly("nersc/new");

        http.createRepo("nersc/old", false);
        assertThat(http.get("/api/datasets/nersc/old").status())
                .as("a new repo takes the old name back")
                .isEqualTo(200);
    }

    @Test
    void movesNeedTheTokenAFreeNameAndAnExistingRepo() {
        http.publish("nersc/a", false, List.of(HubHttp.file("a.txt", "a")));
        http.createRepo("nersc/b", false);
        assertThat(http.send(http.request("/api/repos/move", false)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(HubHttp.toJson(move("nersc/a", "nersc/c")))))
                        .status())
                .isEqualTo(401);
        assertThat(http.post("/api/repos/move", move("nersc/a", "nersc/b")).status())
                .isEqualTo(409);
        assertThat(http.post("/api/repos/move", move("nersc/none", "nersc/c")).status())
                .isEqualTo(404);
        HubHttp.Answer bad = http.post("/api/repos/move", move("nersc/a", "nersc"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("X-Error-Message")).startsWith("toRepo:");
        assertThat(http.get("/api/datasets/nersc/a").status()).isEqualTo(200);
    }

    @Test
    void theOldNameOfAPrivateRepoStaysHiddenFromAnonymousCallers() {
        http.publish("nersc/secret", true, List.of(HubHttp.file("a.txt", "a")));
        assertThat(http.post("/api/repos/move", move("nersc/secret", "nersc/hidden"))
                        .status())
                .isEqualTo(200);
        assertThat(http.getAnonymous("/api/datasets/nersc/secret").status()).isEqualTo(404);
        assertThat(http.get("/api/datasets/nersc/secret").status()).isEqualTo(307);
    }
}
