package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub matches {@code .gitattributes} and {@code .gitignore} patterns with its own bounded
 * matcher; this holds its answers (preupload's {@code uploadMode} and {@code shouldIgnore}) against
 * git's own ({@code git check-attr}, {@code git check-ignore}) for the pattern forms git documents.
 */
class GitPatternsMatchGitTest {
    static final String ATTRIBUTES = String.join(
                    "\n",
                    "*.bin filter=lfs diff=lfs merge=lfs -text",
                    "saved_model/**/* filter=lfs",
                    "*tfevents* filter=lfs",
                    "data/*.csv filter=lfs",
                    "/top.txt filter=lfs",
                    "*.txt -filter",
                    "x[0-9].dat filter=lfs",
                    "y[!0-9].dat filter=lfs",
                    "sp[[:space:]]ace.dat filter=lfs",
                    "\\#hash filter=lfs",
                    "a/**/b.json filter=lfs",
                    "**/deep.json filter=lfs",
                    "logs/ filter=lfs",
                    "q\\*.raw filter=lfs",
                    "*.zip filter=other",
                    "")
            + "\n";
    static final String IGNORE = String.join(
                    "\n",
                    "*.log",
                    "!keep.log",
                    "build/",
                    "/root.tmp",
                    "docs/**/*.md",
                    "\\!bang",
                    "# comment",
                    "trailing   ",
                    "cache/**",
                    "!cache/keep.txt",
                    "m?d.txt",
                    "")
            + "\n";
    static final List<String> PATHS = List.of(
            "a.bin",
            "d/a.bin",
            "saved_model/x/y.pb",
            "saved_model/y.pb",
            "events.tfevents.1",
            "d/x.tfevents",
            "data/a.csv",
            "data/sub/a.csv",
            "top.txt",
            "d/top.txt",
            "x1.dat",
            "xa.dat",
            "y1.dat",
            "yb.dat",
            "sp ace.dat",
            "#hash",
            "a/b.json",
            "a/x/y/b.json",
            "deep.json",
            "q/deep.json",
            "logs/a.txt",
            "logs",
            "q*.raw",
            "qq.raw",
            "z.zip",
            "a.log",
            "d/a.log",
            "keep.log",
            "build/x.txt",
            "d/build/y",
            "build",
            "root.tmp",
            "d/root.tmp",
            "docs/a.md",
            "docs/x/y.md",
            "!bang",
            "trailing",
            "cache/a",
            "cache/keep.txt",
            "mad.txt",
            "m/d.txt");

    @TempDir
    Path dir;

    @Test
    void theHubAnswersAsGitDoes() throws Exception {
        assumeTrue(HubIntegrity.hasGit(), "git is not installed");
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        assertThat(HubIntegrity.git(repo, "init", "-q", ".")).isNull();
        Files.writeString(repo.resolve(".gitattributes"), ATTRIBUTES);
        Files.writeString(repo.resolve(".gitignore"), IGNORE);

        JsonNode hub;
        try (LocalHub local = LocalHub.start(dir.resolve("hub"), LocalHub.Options.defaults())) {
            HubHttp http = new HubHttp(local);
            http.createRepo("nersc/patterns", false);
            List<Map<String, Object>> files = new ArrayList<>();
            PATHS.forEach(p -> files.add(Map.of("path", p, "size", 1, "sample", "YQ==")));
            HubHttp.Answer a = http.post(
                    "/api/datasets/nersc/patterns/preupload/main",
                    Map.of("gitAttributes", ATTRIBUTES, "gitIgnore", IGNORE, "files", files));
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
            hub = a.json().get("files");
        }
        Map<String, String> hubSays = new LinkedHashMap<>();
        Map<String, String> gitSays = new LinkedHashMap<>();
        for (int i = 0; i < PATHS.size(); i++) {
            String path = PATHS.get(i);
            hubSays.put(
                    path,
                    hub.get(i).get("uploadMode").asText()
                            + (hub.get(i).get("shouldIgnore").asBoolean() ? ", ignored" : ""));
            gitSays.put(
                    path, (lfsByGit(repo, path) ? "lfs" : "regular") + (ignoredByGit(repo, path) ? ", ignored" : ""));
        }
        assertThat(hubSays).isEqualTo(gitSays);
    }

    private static boolean lfsByGit(Path repo, String path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "check-attr", "filter", "--", path)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out.endsWith(": filter: lfs");
    }

    private static boolean ignoredByGit(Path repo, String path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "check-ignore", "--no-index", "-q", "--", path)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
