package gov.nersc.huggingnersc.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An exclusive lock on a file, across processes and threads: an operating-system lock (which the
 * system releases when its holder dies, so a killed process never leaves the lock taken) guarded by
 * an in-process lock (the OS lock belongs to the process, not to a thread). Re-entrant: a thread
 * that holds it may take it again, and the OS lock is released when the outermost hold closes.
 *
 * <p>The holder writes a line saying who it is (process id, host, since when) into the file, so
 * that whoever waits can say what it waits for. The file stays when the lock is released (removing
 * it would let two processes lock two different files of the same name).
 *
 * <p>A file system that cannot lock files (some network mounts answer "no locks available") gets
 * the in-process lock only.
 */
public final class ProcessLock implements AutoCloseable {
    /** Thrown when the lock is still held by someone else when the patience runs out. */
    public static final class Busy extends IOException {
        private final String holder;

        Busy(Path file, String holder) {
            super(file + " is held by " + holder);
            this.holder = holder;
        }

        /** Who holds it, as the holder described itself (or "another process"). */
        public String holder() {
            return holder;
        }
    }

    private static final Map<Path, Hold> HOLDS = new ConcurrentHashMap<>();
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(250);
    private static final String OTHER_THREAD = "another thread of this process";

    /** One file's lock in this process. */
    private static final class Hold {
        final ReentrantLock local = new ReentrantLock();
        volatile String holder = OTHER_THREAD;
        FileChannel channel;
        FileLock lock;
    }

    private final Hold hold;
    private boolean closed;

    private ProcessLock(Hold hold) {
        this.hold = hold;
    }

    /**
     * Takes the lock on {@code file} (created, with its folder, if missing), waiting at most {@code
     * patience}. {@code waiting} is told once, with the holder's description, when the lock is not
     * free at once.
     *
     * @param what what the holder does, for whoever waits ("update-dataset of 'iris'")
     * @throws Busy when someone else still holds it after {@code patience}
     * @throws IOException when the file cannot be created or opened
     */
    public static ProcessLock acquire(Path file, String what, Duration patience, Consumer<String> waiting)
            throws IOException {
        // one key per file, whatever the spelling (a link to the folder, /var and /private/var): two
        // channels of one file in this process would drop each other's OS lock when one closes
        Path absolute = file.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path key = absolute.getParent().toRealPath().resolve(absolute.getFileName());
        Hold h = HOLDS.computeIfAbsent(key, k -> new Hold());
        long deadline = System.nanoTime() + patience.toNanos();
        if (!h.local.tryLock()) {
            waiting.accept(h.holder);
            try {
                if (!h.local.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new Busy(key, h.holder);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + key);
            }
        }
        if (h.local.getHoldCount() > 1) {
            return new ProcessLock(h);
        }
        try {
            lockFile(h, key, what, deadline, waiting);
            return new ProcessLock(h);
        } catch (IOException | RuntimeException e) {
            h.local.unlock();
            throw e;
        }
    }

    private static void lockFile(Hold h, Path key, String what, long deadline, Consumer<String> waiting)
            throws IOException {
        FileChannel channel =
                FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            boolean told = false;
            long pause = Duration.ofMillis(10).toNanos();
            FileLock lock = null;
            while (true) {
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException sameFileOtherName) {
                    lock = null; // held in this process under another path (a link): wait as for another process
                } catch (IOException cannotLock) {
                    if (!noLocksHere(cannotLock)) {
                        throw cannotLock;
                    }
                    lock = null;
                    break; // this file system has no locks: the in-process lock is all there is
                }
                if (lock != null) {
                    break;
                }
                String holder = describedHolder(channel);
                if (!told) {
                    waiting.accept(holder);
                    told = true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Busy(key, holder);
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for " + key);
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE.toNanos());
            }
            String me = what + " (process " + ProcessHandle.current().pid() + " on " + hostName() + ", since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
            if (lock != null) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            }
            h.channel = channel;
            h.lock = lock;
            h.holder = me;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The answers of a file system that has no locks at all (ENOLCK, ENOSYS, EOPNOTSUPP), not failures of one that has. */
    private static boolean noLocksHere(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No locks available")
                || m.contains("Function not implemented")
                || m.contains("Operation not supported");
    }

    /** True when the operating system holds this lock too; false on a file system without locks, where only this process is kept out. */
    public boolean osLocked() {
        return hold.lock != null;
    }

    /** What the holder wrote into the file; read through the waiter's own channel (closing another would drop locks). */
    private static String describedHolder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(512);
            int n = channel.read(buf, 0);
            String text = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.contains("\n") ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** This machine's name, as the kernel knows it (for saying who holds a lock or made a file). */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "this host" : env;
        }
    }

    /**
     * Releases this hold; the lock itself when it was the outermost one. Only the thread that took
     * the hold may release it.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (!hold.local.isHeldByCurrentThread()) {
            throw new IllegalStateException("a ProcessLock is released by the thread that took it");
        }
        closed = true;
        try {
            if (hold.local.getHoldCount() == 1) {
                FileChannel channel = hold.channel;
                FileLock lock = hold.lock;
                hold.channel = null;
                hold.lock = null;
                hold.holder = OTHER_THREAD;
                try {
                    if (lock != null) {
                        try {
                            channel.truncate(0); // the holder line is for whoever waits: clearing it is a courtesy
                        } catch (IOException notCleared) {
                            // the lock is released all the same
                        }
                        lock.release();
                    }
                } finally {
                    channel.close();
                }
            }
        } finally {
            hold.local.unlock();
        }
    }
}
