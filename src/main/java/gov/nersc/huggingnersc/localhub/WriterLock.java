package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
  private final FileChannel channel;
  private final FileLock lock;

  private WriterLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits for the lock of the repo at {@code gitDir}, then removes a leftover lock of {@code ref}. */
  static WriterLock take(Path gitDir, String ref) throws IOException {
    FileChannel channel = FileChannel.open(gitDir.resolve("huggingnersc-writer.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.lock();
      Files.deleteIfExists(gitDir.resolve(ref + ".lock"));
      return new WriterLock(channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
