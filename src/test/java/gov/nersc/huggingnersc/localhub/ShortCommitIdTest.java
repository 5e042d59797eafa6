package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Short commit ids: a unique hex prefix of 7 to 40 characters works wherever the Hub takes a revision. */
class ShortCommitIdTest extends HubPerTest {
    static final String REPO = "nersc/short";

    @BeforeEach
    void repo() {
        http.createRepo(REPO, false);
        http.commit(REPO, "main", Map.of("summary", "one"), List.of(HubHttp.file("a.txt", "first\n")));
    }

    @Test
    void aSevenCharacterPrefixResolvesForReadsRefsAndParents() {
        String full = http.head(REPO);
        String shortId = full.substring(0, 7);
        http.commit(REPO, "main", Map.of("summary", "two"), List.of(HubHttp.file("a.txt", "second\n")));
        String api = "/api/datasets/" + REPO;
        assertThat(http.get(api + "/revision/" + shortId).json().get("sha").asText())
                .isEqualTo(full);
        assertThat(http.get(api + "/revision/" + full.substring(0, 12))
                        .json()
                        .get("sha")
                        .asText())
                .isEqualTo(full);
        assertThat(http.get("/datasets/" + REPO + "/resolve/" + shortId + "/a.txt")
                        .text())
                .isEqualTo("first\n");
        assertThat(http.get(api + "/tree/" + shortId).json().findValuesAsText("path"))
                .contains("a.txt");
        assertThat(http.post(api + "/paths-info/" + shortId, Map.of("paths", List.of("a.txt")))
                        .json()
                        .size())
                .isEqualTo(1);
        assertThat(http.post(api + "/tag/" + shortId, Map.of("tag", "v1")).status())
                .isEqualTo(200);
        assertThat(http.get(api + "/revision/v1").json().get("sha").asText()).isEqualTo(full);
        assertThat(http.post(api + "/branch/old", Map.of("startingPoint", shortId))
                        .status())
                .isEqualTo(200);
        assertThat(http.get(api + "/revision/old").json().get("sha").asText()).isEqualTo(full);
        String now = http.head(REPO);
        HubHttp.Answer stale = http.commit(
                REPO, "main", Map.of("summary", "three", "parentCommit", shortId), List.of(HubHttp.file("b.txt", "x")));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        HubHttp.Answer fresh = http.commit(
                REPO,
                "main",
                Map.of("summary", "three", "parentCommit", now.substring(0, 7)),
                List.of(HubHttp.file("b.txt", "x")));
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
    }

    @Test
    void tooShortOrUnknownPrefixesAreNotFound() {
        String full = http.head(REPO);
        String api = "/api/datasets/" + REPO + "/revision/";
        assertThat(http.get(api + full.substring(0, 6)).header("X-Error-Code")).isEqualTo("RevisionNotFound");
        String other = full.charAt(0) == '0' ? "1" : "0";
        assertThat(http.get(api + other + full.substring(1, 8)).status()).isEqualTo(404);
    }

    @Test
    void anAmbiguousPrefixIsAClear400() throws Exception {
        String prefix;
        try (Repository git = new FileRepositoryBuilder()
                        .setGitDir(
                                dir.resolve("datasets").resolve(REPO + ".git").toFile())
                        .build();
                ObjectInserter ins = git.newObjectInserter()) {
            ObjectId tree = ins.insert(Constants.OBJ_TREE, new byte[0]);
            Map<String, CommitBuilder> seen = new HashMap<>();
            for (int i = 0; ; i++) {
                CommitBuilder c = new CommitBuilder();
                c.setTreeId(tree);
                PersonIdent who = new PersonIdent("t", "t@example.org", 1_700_000_000_000L, 0);
                c.setAuthor(who);
                c.setCommitter(who);
                c.setMessage("twin " + i);
                String key = new ObjectInserter.Formatter()
                        .idFor(Constants.OBJ_COMMIT, c.build())
                        .name()
                        .substring(0, 7);
                CommitBuilder twin = seen.putIfAbsent(key, c);
                if (twin != null) {
                    ins.insert(twin);
                    ins.insert(c);
                    ins.flush();
                    prefix = key;
                    break;
                }
            }
        }
        HubHttp.Answer a = http.get("/api/datasets/" + REPO + "/revision/" + prefix);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.header("X-Error-Message")).contains(prefix).contains("ambiguous");
        String page = new String(a.http().body(), StandardCharsets.UTF_8);
        assertThat(page).contains("give more of the commit id");
    }
}
