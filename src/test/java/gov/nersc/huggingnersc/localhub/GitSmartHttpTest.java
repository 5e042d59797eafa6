package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code git} (and {@code git lfs}, where installed) against a local hub over smart HTTP:
 * clone, fetch and push as users do on the Hub. The token reaches git through a credential helper
 * that reads it from the environment, never through a URL or an argument.
 */
class GitSmartHttpTest {
    /** A credential helper that answers any user name and the token from the environment. */
    private static final String HELPER =
            "!f() { test \"$1\" = get && echo username=user" + " && echo \"password=$HUB_TOKEN\"; }; f";

    @TempDir
    Path dir;

    @TempDir
    Path work;

    private LocalHub hub;
    private HubHttp http;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(HubIntegrity.hasGit(), "git is not installed");
        hub = LocalHub.start(dir.resolve("hub"), LocalHub.Options.defaults());
        http = new HubHttp(hub);
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static boolean hasGitLfs() {
        try {
            return new ProcessBuilder("git", "lfs", "version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What one git command printed, and how it ended. */
    private record Run(int exit, String output) {}

    /** Runs git in {@code cwd}; with {@code token}, git may ask the credential helper for it. */
    private Run run(Path cwd, boolean token, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "git",
                "-c",
                "credential.helper=",
                "-c",
                "user.name=Tester",
                "-c",
                "user.email=tester@example.org",
                "-c",
                "init.defaultBranch=main"));
        if (token) {
            cmd.addAll(List.of("-c", "credential.helper=" + HELPER));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", work.toString());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_ASKPASS", "");
        pb.environment().put("HUB_TOKEN", hub.token());
        if (!hasGitLfs()) {
            pb.environment().put("GIT_LFS_SKIP_SMUDGE", "1");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Run r = new Run(p.waitFor(), out);
        assertThat(out).doesNotContain(hub.token());
        return r;
    }

    private String git(Path cwd, boolean token, String... args) throws Exception {
        Run r = run(cwd, token, args);
        assertThat(r.exit())
                .as("git " + String.join(" ", args) + ":\n" + r.output())
                .isZero();
        return r.output();
    }

    private String url(String id) {
        return hub.url() + "/datasets/" + id;
    }

    private byte[] publishWithLfs(String id, boolean isPrivate) {
        byte[] data = LfsUploadTest.bytes(5000);
        http.createRepo(id, isPrivate);
        assertThat(http.commit(
                                id,
                                "main",
                                Map.of("summary", "data"),
                                List.of(
                                        HubHttp.file("README.md", "---\nlicense: mit\n---\n# hi\n"),
                                        HubHttp.file("sub/a.csv", "x,y\n1,2\n"),
                                        http.lfsFile(id, "sub/w.h5", data)))
                        .status())
                .isEqualTo(200);
        return data;
    }

    /** The clone has the repo's files; its LFS file is the uploaded bytes, as the hub's download gives them. */
    private void assertFiles(Path clone, String id, byte[] data) throws Exception {
        assertThat(Files.readString(clone.resolve("sub/a.csv"))).isEqualTo("x,y\n1,2\n");
        assertThat(Files.readString(clone.resolve("README.md"))).contains("# hi");
        if (hasGitLfs()) {
            assertThat(Files.readAllBytes(clone.resolve("sub/w.h5"))).isEqualTo(data);
            assertThat(http.get("/datasets/" + id + "/resolve/main/sub/w.h5")
                            .http()
                            .body())
                    .isEqualTo(data);
        } else {
            assertThat(Files.readString(clone.resolve("sub/w.h5")))
                    .contains("oid sha256:" + LfsUploadTest.sha256(data));
        }
    }

    @Test
    void publicReposCloneAnonymouslyWithAndWithoutDotGit() throws Exception {
        byte[] data = publishWithLfs("nersc/pub", false);
        git(work, false, "clone", "-q", url("nersc/pub"), "a");
        assertFiles(work.resolve("a"), "nersc/pub", data);
        git(work, false, "clone", "-q", url("nersc/pub") + ".git", "b");
        assertFiles(work.resolve("b"), "nersc/pub", data);
        assertThat(git(work.resolve("b"), false, "log", "--format=%s")).contains("data", "initial commit");
    }

    @Test
    void privateReposCloneWithTheTokenOnly() throws Exception {
        byte[] data = publishWithLfs("nersc/secret", true);
        Run refused = run(work, false, "clone", "-q", url("nersc/secret"), "no");
        assertThat(refused.exit()).isNotZero();
        assertThat(work.resolve("no/sub/a.csv")).doesNotExist();
        Run missing = run(work, false, "clone", "-q", url("nersc/absent"), "none");
        assertThat(missing.exit()).isNotZero();
        // both answered 401, asking git for credentials (which it may not prompt for here): alike, as on the Hub
        assertThat(refused.output()).contains("could not read Username");
        assertThat(missing.output()).contains("could not read Username");
        git(work, true, "clone", "-q", url("nersc/secret"), "yes");
        assertFiles(work.resolve("yes"), "nersc/secret", data);
    }

    @Test
    void lfsBatchDownloadsOfPrivateReposNeedTheTokenAsBasicPassword() throws Exception {
        byte[] data = publishWithLfs("nersc/vault", true);
        String batch = "/datasets/nersc/vault.git/info/lfs/objects/batch";
        String body = HubHttp.toJson(Map.of(
                "operation",
                "download",
                "transfers",
                List.of("basic", "multipart"),
                "objects",
                List.of(Map.of("oid", LfsUploadTest.sha256(data), "size", data.length))));
        HubHttp.Answer anonymous = http.send(http.request(batch, false).POST(BodyPublishers.ofString(body)));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
        String basic = "Basic "
                + Base64.getEncoder().encodeToString(("anyone:" + hub.token()).getBytes(StandardCharsets.UTF_8));
        HubHttp.Answer answer = http.send(
                http.request(batch, false).header("Authorization", basic).POST(BodyPublishers.ofString(body)));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("transfer").asText()).isEqualTo("basic");
        String href = answer.json().at("/objects/0/actions/download/href").asText();
        assertThat(href).doesNotContain(hub.token());
        assertThat(http.send(http.request(href, false).GET()).http().body()).isEqualTo(data);
        String forged = href.substring(0, href.length() - 1) + (href.endsWith("0") ? "1" : "0");
        assertThat(http.send(http.request(forged, false).GET()).status()).isEqualTo(403);
    }

    @Test
    void malformedGitRequestsAreRefusedAsTheClientsFault() throws Exception {
        http.publish("nersc/odd", false, List.of(HubHttp.file("a.txt", "a\n")));
        String base = "/datasets/nersc/odd/";
        assertThat(http.getAnonymous(base + "info/refs").status()).isEqualTo(400);
        assertThat(http.getAnonymous(base + "info/refs?service=git-upload-pack").text())
                .startsWith("001e# service=");
        for (String garbage : List.of("hello", "0032want " + "f".repeat(40) + "\n00000009done\n")) {
            HubHttp.Answer a =
                    http.send(http.request(base + "git-upload-pack", false).POST(BodyPublishers.ofString(garbage)));
            assertThat(a.status()).as(garbage + ": " + a).isBetween(200, 499);
        }
        HubHttp.Answer gz = http.send(http.request(base + "git-upload-pack", false)
                .header("Content-Encoding", "gzip")
                .POST(BodyPublishers.ofString("not gzip")));
        assertThat(gz.status()).as(gz.toString()).isEqualTo(400);
    }

    @Test
    void fetchBringsCommitsMadeThroughTheApi() throws Exception {
        publishWithLfs("nersc/grow", false);
        git(work, false, "clone", "-q", url("nersc/grow"), "c");
        http.commit("nersc/grow", "main", Map.of("summary", "more"), List.of(HubHttp.file("b.txt", "new\n")));
        git(work.resolve("c"), false, "pull", "-q", "--ff-only");
        assertThat(Files.readString(work.resolve("c/b.txt"))).isEqualTo("new\n");
        assertThat(git(work.resolve("c"), false, "rev-parse", "HEAD").strip()).isEqualTo(http.head("nersc/grow"));
    }

    @Test
    void aPushLandsAsACommit() throws Exception {
        publishWithLfs("nersc/push", true);
        Path c = work.resolve("c");
        git(work, true, "clone", "-q", url("nersc/push"), "c");
        Files.writeString(c.resolve("notes.txt"), "pushed\n");
        byte[] big = LfsUploadTest.bytes(7000);
        if (hasGitLfs()) {
            Files.write(c.resolve("more.h5"), big);
        }
        git(c, false, "add", "-A");
        git(c, false, "commit", "-q", "-m", "pushed with git");
        String pushed = git(c, false, "rev-parse", "HEAD").strip();
        Run anonymous = run(c, false, "push", "-q", "origin", "main");
        assertThat(anonymous.exit()).isNotZero();
        git(c, true, "push", "-q", "origin", "main");
        assertThat(http.head("nersc/push")).isEqualTo(pushed);
        assertThat(http.get("/api/datasets/nersc/push/commits/main").text()).contains("pushed with git");
        assertThat(http.get("/datasets/nersc/push/resolve/main/notes.txt").text())
                .isEqualTo("pushed\n");
        if (hasGitLfs()) {
            assertThat(http.get("/datasets/nersc/push/resolve/main/more.h5")
                            .http()
                            .body())
                    .isEqualTo(big);
        }
        git(c, true, "push", "-q", "origin", "HEAD:refs/heads/dev");
        assertThat(http.get("/api/datasets/nersc/push/refs").json().toString()).contains("refs/heads/dev", pushed);
    }

    @Test
    void pushesAreRefusedAsCommitsWouldBe() throws Exception {
        publishWithLfs("nersc/guard", false);
        Path c = work.resolve("c");
        git(work, false, "clone", "-q", url("nersc/guard"), "c");
        http.commit("nersc/guard", "main", Map.of("summary", "theirs"), List.of(HubHttp.file("theirs.txt", "t\n")));
        String head = http.head("nersc/guard");

        Files.writeString(c.resolve("mine.txt"), "m\n");
        git(c, false, "add", "-A");
        git(c, false, "commit", "-q", "-m", "mine");
        Run nonFastForward = run(c, true, "push", "--force", "origin", "main");
        assertThat(nonFastForward.exit()).isNotZero();
        assertThat(nonFastForward.output()).contains("non-fast-forward");
        assertThat(http.head("nersc/guard")).isEqualTo(head);

        git(c, true, "pull", "-q", "--rebase");
        Files.writeString(c.resolve("README.md"), "---\nlicense: {a: 1}\n---\n# bad card\n");
        git(c, false, "commit", "-q", "-am", "bad card");
        Run badCard = run(c, true, "push", "origin", "main");
        assertThat(badCard.exit()).isNotZero();
        assertThat(badCard.output()).contains("README.md: front matter /license");
        assertThat(http.head("nersc/guard")).isEqualTo(head);

        git(c, false, "reset", "-q", "--hard", "origin/main");
        String missing = "0".repeat(64);
        Files.writeString(
                c.resolve("pointer.txt"),
                "version https://git-lfs.github.com/spec/v1\noid sha256:" + missing + "\nsize 12\n");
        git(c, false, "add", "pointer.txt");
        git(c, false, "commit", "-q", "-m", "dangling pointer");
        // past git-lfs's own pre-push check, which would stop it earlier on this machine
        Run noObject = run(c, true, "push", "--no-verify", "origin", "main");
        assertThat(noObject.exit()).isNotZero();
        assertThat(noObject.output()).contains("pointer.txt is a Git LFS pointer to object " + missing);
        assertThat(http.head("nersc/guard")).isEqualTo(head);

        git(c, false, "reset", "-q", "--hard", "origin/main");
        Run hubRef = run(c, true, "push", "origin", "HEAD:refs/pr/7");
        assertThat(hubRef.exit()).isNotZero();
        assertThat(hubRef.output()).contains("branches (refs/heads/) and tags (refs/tags/) only");
        Run deleteMain = run(c, true, "push", "origin", ":main");
        assertThat(deleteMain.exit()).isNotZero();
        assertThat(deleteMain.output()).contains("the main branch cannot be deleted");
        assertThat(http.head("nersc/guard")).isEqualTo(head);
    }
}
