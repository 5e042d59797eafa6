package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Checks everything a local hub keeps on disk, as a test sees it after breaking things on purpose:
 * every repository's reachable objects exist and are well-formed (JGit's object checker, and
 * {@code git fsck --strict} when git is installed), and every LFS object's bytes hash to its name.
 */
public final class HubIntegrity {
    private HubIntegrity() {}

    /** What is wrong under the local hub folder {@code hubDir}; empty when all is well. */
    public static List<String> problems(Path hubDir) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path repo : repos(hubDir)) {
            problems.addAll(checkRepo(repo));
            if (hasGit()) {
                String fsck = git(repo, "fsck", "--strict", "--no-dangling", "--no-progress");
                if (fsck != null) {
                    problems.add(repo + ": git fsck: " + fsck);
                }
            }
        }
        problems.addAll(checkLfs(hubDir.resolve("lfs").resolve("objects")));
        return problems;
    }

    /** The bare repositories under {@code hubDir/datasets/<ns>/<name>.git}. */
    public static List<Path> repos(Path hubDir) throws IOException {
        Path datasets = hubDir.resolve("datasets");
        if (!Files.isDirectory(datasets)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(datasets, 2)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".git")
                            && !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isRegularFile(p.resolve("HEAD")))
                    .sorted()
                    .toList();
        }
    }

    /** Every object reachable from every ref: present, and well-formed by JGit's strict checker. */
    static List<String> checkRepo(Path gitDir) {
        List<String> problems = new ArrayList<>();
        ObjectChecker checker = new ObjectChecker();
        try (Repository repo = new FileRepositoryBuilder()
                        .setGitDir(gitDir.toFile())
                        .setMustExist(true)
                        .build();
                ObjectWalk walk = new ObjectWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                if (ref.getObjectId() == null) {
                    problems.add(gitDir + ": ref " + ref.getName() + " points nowhere");
                    continue;
                }
                walk.markStart(walk.parseAny(ref.getObjectId()));
            }
            for (RevObject o = walk.next(); o != null; o = walk.next()) {
                check(repo, checker, o, problems, gitDir);
            }
            for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                check(repo, checker, o, problems, gitDir);
            }
        } catch (IOException | RuntimeException e) {
            problems.add(gitDir + ": " + e);
        }
        return problems;
    }

    private static void check(Repository repo, ObjectChecker checker, RevObject o, List<String> problems, Path gitDir)
            throws IOException {
        ObjectLoader loader = repo.open(o);
        byte[] bytes = loader.getCachedBytes(Integer.MAX_VALUE);
        try {
            checker.check(o, loader.getType(), bytes);
        } catch (org.eclipse.jgit.errors.CorruptObjectException e) {
            problems.add(gitDir + ": object " + ObjectId.toString(o) + ": " + e.getMessage());
        }
    }

    /** LFS objects under {@code objects/aa/bb/<sha256>}: each one's content hashes to its name. */
    static List<String> checkLfs(Path objects) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(objects)) {
            return problems;
        }
        try (Stream<Path> s = Files.walk(objects)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String oid = f.getFileName().toString();
                String rel = objects.relativize(f).toString();
                if (!rel.equals(oid.substring(0, Math.min(2, oid.length())) + "/"
                        + oid.substring(Math.min(2, oid.length()), Math.min(4, oid.length())) + "/" + oid)) {
                    problems.add("LFS object in the wrong place: " + rel);
                } else if (!oid.equals(sha256(f))) {
                    problems.add("LFS object " + oid + " holds bytes whose sha256 is " + sha256(f));
                }
            }
        }
        return problems;
    }

    /** The sha256 of the file's bytes, in hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when a {@code git} command is installed. */
    public static boolean hasGit() {
        try {
            return new ProcessBuilder("git", "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs git in {@code cwd}: null when it succeeds, else its output. */
    static String git(Path cwd, String... args) {
        try {
            ProcessBuilder pb = new ProcessBuilder(args).directory(cwd.toFile()).redirectErrorStream(true);
            pb.command().add(0, "git");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : out.strip();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
