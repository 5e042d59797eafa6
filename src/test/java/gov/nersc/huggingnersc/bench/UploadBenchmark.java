package gov.nersc.huggingnersc.bench;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.hub.CommitInfo;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Measures one LFS upload through {@link HubClient} to a running hub (run by {@code bench/upload},
 * not a test): creates a fresh repo, commits FILE to it with THREADS parallel part uploads, checks
 * the hub lists it with the right size and sha256, and prints {@code seconds=S} (the whole commit:
 * hashing, LFS batch, parts, completion, commit).
 *
 * <p>Usage: {@code UploadBenchmark URL TOKEN_FILE FILE THREADS}
 */
public final class UploadBenchmark {
    private UploadBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: UploadBenchmark URL TOKEN_FILE FILE THREADS");
            System.exit(2);
        }
        String token = java.nio.file.Files.readString(Path.of(args[1])).strip();
        Path file = Path.of(args[2]);
        int threads = Integer.parseInt(args[3]);
        HubClient hub = HubClient.builder()
                .endpoint(URI.create(args[0]))
                .token(Optional.of(new HubToken(token, args[1])))
                .uploadThreads(threads)
                .build();
        RepoId repo = new RepoId("bench", "upload-" + threads + "-" + Long.toString(System.nanoTime(), 36));
        hub.createRepo(repo, false, false);

        long t0 = System.nanoTime();
        CommitInfo c = hub.commit(
                repo,
                CommitRequest.onMain(
                        "bench upload", List.of(new CommitOperation.Add("data.bin", ContentSource.of(file)))));
        double seconds = (System.nanoTime() - t0) / 1e9;

        TreeEntry e = hub.pathsInfo(repo, c.oid(), List.of("data.bin")).get(0);
        String sha = ContentSource.of(file).sha256();
        if (e.lfs() == null || !e.lfs().oid().equals(sha) || e.size() != java.nio.file.Files.size(file)) {
            System.err.println("upload check failed: " + e);
            System.exit(1);
        }
        System.out.printf("seconds=%.3f%n", seconds);
    }
}
