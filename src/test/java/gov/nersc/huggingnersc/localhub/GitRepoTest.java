package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local hub stores is plain git: the repos pass git's own fsck and clone as usual. */
class GitRepoTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    static boolean hasGit() {
        return HubIntegrity.hasGit();
    }

    static String git(Path cwd, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args).directory(cwd.toFile()).redirectErrorStream(true);
        pb.command().add(0, "git");
        // A clone straight from disk has no LFS server: where git-lfs is installed, keep the pointers.
        pb.environment().put("GIT_LFS_SKIP_SMUDGE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor())
                .as("git " + String.join(" ", args) + ":\n" + out)
                .isZero();
        return out;
    }

    @Test
    void reposPassFsckAndCloneWithTheirFilesAndLfsPointers() throws Exception {
        assumeTrue(hasGit(), "git is not installed");
        String oid;
        try (LocalHub hub = LocalHub.start(dir, LocalHub.Options.defaults())) {
            HubHttp http = new HubHttp(hub);
            http.createRepo("nersc/cloned", false);
            byte[] data = LfsUploadTest.bytes(300);
            oid = LfsUploadTest.sha256(data);
            String href = http.post(
                            "/datasets/nersc/cloned.git/info/lfs/objects/batch",
                            Map.of("operation", "upload", "objects", List.of(Map.of("oid", oid, "size", 300))))
                    .json()
                    .at("/objects/0/actions/upload/href")
                    .asText();
            http.send(http.request(href, false).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(data)));
            assertThat(http.commit(
                                    "nersc/cloned",
                                    "main",
                                    Map.of("summary", "files", "description", "why: a test"),
                                    List.of(
                                            HubHttp.file("README.md", "# hi\n"),
                                            HubHttp.file("sub dir/a.csv", "x,y\n"),
                                            Map.of(
                                                    "key",
                                                    "lfsFile",
                                                    "value",
                                                    Map.of(
                                                            "path",
                                                            "sub dir/w.h5",
                                                            "algo",
                                                            "sha256",
                                                            "oid",
                                                            oid,
                                                            "size",
                                                            300))))
                            .status())
                    .isEqualTo(200);
            http.commit(
                    "nersc/cloned", "main", Map.of("summary", "rm"), List.of(HubHttp.op("deletedFile", "README.md")));
        }
        Path bare = dir.resolve("datasets/nersc/cloned.git");
        git(bare, "fsck", "--strict", "--no-dangling");
        git(work, "clone", "-q", bare.toString(), "clone");
        Path clone = work.resolve("clone");
        assertThat(Files.readString(clone.resolve("sub dir/a.csv"))).isEqualTo("x,y\n");
        assertThat(Files.readString(clone.resolve("sub dir/w.h5"))).contains("oid sha256:" + oid, "size 300");
        assertThat(clone.resolve("README.md")).doesNotExist();
        assertThat(git(clone, "log", "--format=%s|%b", "-n", "2")).contains("rm|", "files|why: a test");
        assertThat(git(clone, "check-attr", "filter", "sub dir/w.h5")).contains("filter: lfs");
    }
}
