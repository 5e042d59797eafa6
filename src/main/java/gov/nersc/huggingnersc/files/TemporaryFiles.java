package gov.nersc.huggingnersc.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary files a long run keeps beside its output (a manifest's body, a sorted listing's
 * runs), named after the process that made them: {@code .<base>.<pid>@<host>.<random>.<kind>}. They
 * are deleted when the run ends, and when the JVM ends early on SIGTERM (a Slurm time limit) or
 * Ctrl-C. A SIGKILL leaves them; {@link #removeStale} deletes them at the next run, once their
 * process is gone.
 */
public final class TemporaryFiles {
    /** Past this, a file of another machine's process (which cannot be asked after) counts as left behind. */
    static final Duration OTHER_HOSTS_PATIENCE = Duration.ofDays(7);

    private static final Pattern NAME = Pattern.compile("\\.(.+)\\.(\\d+)@([A-Za-z0-9_-]+)\\.[0-9a-f]{12}\\.([a-z]+)");
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Runnable> AT_END = ConcurrentHashMap.newKeySet();
    private static final long PID = ProcessHandle.current().pid();
    private static final String HOST = fileNameSafe(ProcessLock.hostName());
    private static boolean hooked;
    private static volatile boolean ending;

    private TemporaryFiles() {}

    /**
     * Creates a new, empty temporary file of this process in {@code dir} (permissions as the umask
     * leaves them), to be deleted with {@link #delete}, or by this JVM's end.
     *
     * @param base what it belongs to, e.g. the manifest's file name
     * @param kind a lower-case word saying what it holds, e.g. {@code body}
     */
    public static Path create(Path dir, String base, String kind) throws IOException {
        hookOnce();
        if (ending) {
            throw new IOException("not creating a temporary file in " + dir + ": this process is ending");
        }
        Path file = AtomicFile.createTemporary(dir, "." + base + "." + PID + "@" + HOST + ".", "." + kind);
        LIVE.add(file);
        return file;
    }

    /**
     * Runs {@code action} when the JVM ends (Ctrl-C, SIGTERM) before the temporary files are deleted,
     * so it may still use them (e.g. save progress); {@link #cancelAtEnd} withdraws it.
     */
    public static void atEnd(Runnable action) {
        hookOnce();
        AT_END.add(action);
    }

    /** Withdraws an action of {@link #atEnd}. */
    public static void cancelAtEnd(Runnable action) {
        AT_END.remove(action);
    }

    /** Deletes a file of {@link #create} (it may be gone, or renamed into place already); never fails. */
    public static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException leftBehind) {
            // the next run's removeStale deletes it
        } finally {
            LIVE.remove(file);
        }
    }

    /**
     * Deletes the temporary files in {@code dir} whose process is gone: on this machine, a process of
     * this user that no longer runs; elsewhere (which cannot be asked), one untouched for {@link
     * #OTHER_HOSTS_PATIENCE}. Other files are never touched.
     *
     * @return the files deleted
     */
    public static List<Path> removeStale(Path dir) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*")) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && isStale(p, Long.parseLong(m.group(2)), m.group(3))) {
                    try {
                        Files.deleteIfExists(p);
                        removed.add(p);
                    } catch (IOException notOurs) {
                        // another user's file in a folder we may not change: theirs to remove
                    }
                }
            }
        } catch (IOException | NumberFormatException unlisted) {
            // nothing to clean, or a folder we cannot list: the run itself reports what matters
        }
        return removed;
    }

    private static boolean isStale(Path p, long pid, String host) {
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        if (!attrs.isRegularFile()) {
            return false;
        }
        boolean old =
                attrs.lastModifiedTime().toInstant().isBefore(Instant.now().minus(OTHER_HOSTS_PATIENCE));
        // another user's processes may be hidden from us (hidepid): only our own are asked after
        if (!host.equals(HOST) || !isMine(attrs.owner())) {
            return old;
        }
        if (pid == PID) {
            return !LIVE.contains(p);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isEmpty() || !process.get().isAlive() || old;
    }

    private static boolean isMine(UserPrincipal owner) {
        return owner.getName().equals(System.getProperty("user.name"));
    }

    private static synchronized void hookOnce() {
        if (hooked) {
            return;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(TemporaryFiles::deleteAll, "huggingnersc-temporary-files"));
            hooked = true;
        } catch (IllegalStateException alreadyEnding) {
            ending = true;
        }
    }

    private static void deleteAll() {
        for (Runnable action : AT_END) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // the action reports its own failure; deleting goes on
            }
        }
        ending = true;
        for (Path p : LIVE) {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException gone) {
                // renamed into place, or deleted, meanwhile
            } catch (IOException leftBehind) {
                // the next run's removeStale deletes it
            }
        }
    }

    private static String fileNameSafe(String host) {
        String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        String safe = shortName.replaceAll("[^A-Za-z0-9_-]", "_");
        return safe.isEmpty() ? "host" : safe.toLowerCase(Locale.ROOT);
    }
}
