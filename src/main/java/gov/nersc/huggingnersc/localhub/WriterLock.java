package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.files.ProcessLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The right to move a repo's refs, across processes: an operating-system lock on {@code
 * <repo>.git/huggingnersc-writer.lock}, which the system releases when its holder dies. Git's own
 * {@code <ref>.lock} files are not released that way: a local hub killed while moving a branch (an
 * embedded hub dies with its CLI) leaves {@code refs/heads/main.lock}, and every later update would
 * fail as if the branch had moved. Whoever holds this lock knows no live writer of this hub holds a
 * ref lock, so it removes such a leftover first.
 *
 * <p>Within one process, callers already hold the repo's in-process lock (the OS lock is per
 * process, not per thread).
 */
final class WriterLock implements AutoCloseable {
    private final ProcessLock held;

    private WriterLock(ProcessLock held) {
        this.held = held;
    }

    /** Waits for the lock of the repo at {@code gitDir}, then removes a leftover lock of {@code ref}. */
    static WriterLock take(Path gitDir, String ref) throws IOException {
        ProcessLock held = ProcessLock.acquire(
                gitDir.resolve("huggingnersc-writer.lock"),
                "a local hub moving " + ref,
                Duration.ofHours(1),
                holder -> {});
        try {
            if (held.osLocked()) {
                // only when no live writer of any process can hold it: on a file system without locks a
                // ref lock may be another process's, in the middle of its update
                Files.deleteIfExists(gitDir.resolve(ref + ".lock"));
            }
            return new WriterLock(held);
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        held.close();
    }
}
