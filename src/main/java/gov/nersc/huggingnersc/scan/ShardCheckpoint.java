package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.api.ShardProgress;
import gov.nersc.huggingnersc.files.TemporaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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

    private static final Pattern PART = Pattern.compile("\\.part-(\\d+)-of-(\\d+)");
    private final ManifestWriter writer;
    private final String root;
    private final Shard shard;
    private final Runnable atEnd = this::onSignal;
    private long last = System.nanoTime();

    ShardCheckpoint(ManifestWriter writer, String root, Shard shard) {
        this.writer = writer;
        this.root = root;
        this.shard = shard;
        TemporaryFiles.atEnd(atEnd); // before the temporary files (the part's body) are deleted
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

    /** What the part files beside {@code manifestFile} say about a sharded run (see {@link ShardProgress}). */
    static ShardProgress progress(Path manifestFile) {
        java.util.Map<Integer, Boolean> complete = new java.util.TreeMap<>();
        int count = 0;
        for (Path part : Manifest.findParts(manifestFile)) {
            java.util.regex.Matcher m = PART.matcher(part.getFileName().toString());
            if (!m.find() || (count != 0 && Integer.parseInt(m.group(2)) != count)) {
                continue; // a part of an earlier run with another N: merge refuses it too
            }
            count = Integer.parseInt(m.group(2));
            try (ManifestReader r = ManifestReader.open(part)) {
                complete.put(Integer.parseInt(m.group(1)), !r.partial());
            } catch (RuntimeException e) {
                complete.put(Integer.parseInt(m.group(1)), false); // damaged: run it again
            }
        }
        List<Integer> done = new ArrayList<>();
        List<Integer> partial = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            Boolean whole = complete.get(k);
            (whole == null ? missing : whole ? done : partial).add(k);
        }
        return new ShardProgress(count, done, partial, missing, Files.isRegularFile(manifestFile));
    }

    @Override
    public void close() {
        TemporaryFiles.cancelAtEnd(atEnd);
    }
}
