package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.Shard;
import java.time.Duration;

/**
 * Saves a shard's progress into its part file while it is built: every {@link #every} (five minutes
 * unless the system property {@value #PROPERTY} gives seconds) and when the JVM is asked to stop
 * (SIGTERM from Slurm's {@code --signal}, Ctrl-C). A re-run of the shard reuses what was saved and
 * hashes only what is left; a merge refuses the part until it is whole.
 */
final class ShardCheckpoint implements AutoCloseable {
  /** The system property that sets the interval between checkpoints, in seconds. */
  static final String PROPERTY = "huggingnersc.manifest.checkpointSeconds";
  /** The interval between checkpoints; package-private so tests can shorten it. */
  static volatile Duration every = Duration.ofSeconds(Long.getLong(PROPERTY, 300));

  private final ManifestWriter writer;
  private final String root;
  private final Shard shard;
  private final Thread hook;
  private long last = System.nanoTime();

  ShardCheckpoint(ManifestWriter writer, String root, Shard shard) {
    this.writer = writer;
    this.root = root;
    this.shard = shard;
    this.hook = new Thread(this::onSignal, "huggingnersc-checkpoint");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** After each entry written: saves the progress when the interval has passed. */
  void entryWritten() {
    long now = System.nanoTime();
    if (now - last >= every.toNanos()) {
      writer.checkpoint(root, shard);
      last = now;
    }
  }

  private void onSignal() {
    try {
      writer.checkpoint(root, shard);
    } catch (RuntimeException e) {
      System.err.println("huggingnersc: could not save the progress of shard " + shard + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is stopping: the hook runs, and saves what is done
    }
  }
}
