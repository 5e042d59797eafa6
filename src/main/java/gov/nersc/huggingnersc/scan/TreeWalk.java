package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.DataRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The parallel walk under scan, manifest and verify. Each directory is a work item on a
 * work-stealing pool; a directory's entries are stat-ed in batches that idle threads steal, so a
 * single huge directory is spread over the threads too. Nothing is held per file: the visitor
 * aggregates or streams what it needs.
 *
 * <p>Symbolic links below the root are never followed, so every file is seen once, at its own path:
 * a link whose target lies inside the tree is counted as such (its target is walked where it is);
 * any other (out of the tree, dangling, a loop) is counted as skipped. The root itself may be a link.
 * Entries that cannot be read are counted and listed, never fatal; entries that vanish between
 * listing and stat (the tree changing under the walk) are counted as vanished.
 *
 * <p>A data path may also be one regular file ({@link #runOnFileOrFolder}): the visitor then sees
 * that file alone, named by the name the path gives it, as {@link DataFiles} lists it.
 *
 * @param <S> what the visitor keeps per directory (for example "inside a Zarr store")
 */
final class TreeWalk<S> {

    /** What the walk calls, from many threads at once. */
    interface Visitor<S> {
        /**
         * A directory is about to be listed.
         *
         * @param relative its path relative to the root, "/"-separated; "" for the root
         * @return the state its entries see
         */
        S directory(Path dir, String relative, BasicFileAttributes attrs, S parent);

        /** A regular file (or a followed link to one; then {@code attrs} are the target's). */
        void file(Path file, String relative, BasicFileAttributes attrs, S dir);
    }

    /**
     * What the walk itself counted.
     *
     * @param linksInTree links to files or folders inside the tree, not followed (their targets are walked)
     * @param symlinksSkipped other links: out of the tree, dangling, or a loop
     */
    record Outcome(long directories, long symlinksSkipped, long linksInTree, long vanished) {}

    private static final int BATCH = 256;

    private final Path root;
    private final Path realRoot;
    private final int threads;
    private final boolean posix;
    private final Visitor<S> visitor;
    private final FirstFew.Collector unreadable;
    private final Consumer<Path> afterListing;

    private final AtomicLong directories = new AtomicLong();
    private final AtomicLong symlinksSkipped = new AtomicLong();
    private final AtomicLong linksInTree = new AtomicLong();
    private final AtomicLong vanished = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicInteger queuedBatches = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private ForkJoinPool pool;
    private volatile boolean oneFile;

    /**
     * @param posix read POSIX attributes (permissions) instead of basic ones
     * @param afterListing called with each directory once its listing is complete and before its
     *     entries are stat-ed: lets tests change the tree at the worst moment
     */
    TreeWalk(
            Path root,
            int threads,
            boolean posix,
            Visitor<S> visitor,
            FirstFew.Collector unreadable,
            Consumer<Path> afterListing) {
        this.root = root;
        this.threads = Math.max(1, threads);
        this.posix = posix;
        this.visitor = visitor;
        this.unreadable = unreadable;
        this.afterListing = afterListing;
        this.realRoot = DataRoot.resolve(root);
    }

    TreeWalk(Path root, int threads, boolean posix, Visitor<S> visitor, FirstFew.Collector unreadable) {
        this(root, threads, posix, visitor, unreadable, dir -> {});
    }

    /** The root's real path, with no symbolic links in it. */
    Path realRoot() {
        return realRoot;
    }

    /**
     * Where the file the visitor saw as {@code relative} is: the root itself when the walk found the
     * data path to be one file. Valid once the walk ran.
     */
    Path locate(String relative) {
        return oneFile ? realRoot : realRoot.resolve(relative);
    }

    /**
     * Walks the whole tree; returns when every entry has been visited.
     *
     * @throws InvalidInputException when the root is not a folder, or cannot be listed
     */
    Outcome run() {
        return run(false);
    }

    /**
     * As {@link #run()}, but a root that is one regular file (or a link to one) is walked too: the
     * visitor sees it alone, named by its name in the data path as given.
     */
    Outcome runOnFileOrFolder() {
        return run(true);
    }

    private Outcome run(boolean oneFileAllowed) {
        BasicFileAttributes rootAttrs;
        try {
            rootAttrs = attributes(realRoot, true);
        } catch (IOException e) {
            throw new OperationFailedException("cannot read data path " + root + ": " + reason(e), e);
        }
        if (oneFileAllowed && rootAttrs.isRegularFile()) {
            oneFile = true;
            visitor.file(realRoot, root.getFileName().toString(), rootAttrs, null);
            return new Outcome(0, 0, 0, 0);
        }
        if (!rootAttrs.isDirectory()) {
            throw new InvalidInputException("data path " + root + " is not a directory"
                    + (oneFileAllowed ? " or a regular file; give the data's folder, or its one file" : ""));
        }
        if (!Files.isReadable(realRoot) || !Files.isExecutable(realRoot)) {
            // walked, it would come out as an empty tree with one unreadable entry: a wrong answer, not a finding
            throw new InvalidInputException("data path " + root + ": permission denied (the folder cannot be listed); "
                    + "give a folder this user can read");
        }
        pool = new ForkJoinPool(threads);
        try {
            submit(() -> walkDirectory(realRoot, "", rootAttrs, null));
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("walk of " + root + " was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        } else if (t instanceof Error e) {
            throw e;
        } else if (t != null) {
            throw new OperationFailedException("walk of " + root + " failed: " + t, t);
        }
        return new Outcome(directories.get(), symlinksSkipped.get(), linksInTree.get(), vanished.get());
    }

    private void submit(Runnable work) {
        pending.incrementAndGet();
        pool.execute(() -> {
            try {
                if (failure.get() == null) {
                    work.run();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                if (pending.decrementAndGet() == 0) {
                    done.countDown();
                }
            }
        });
    }

    private void walkDirectory(Path dir, String relative, BasicFileAttributes attrs, S parent) {
        directories.incrementAndGet();
        S state = visitor.directory(dir, relative, attrs, parent);
        List<Path> batch = new ArrayList<>(BATCH);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                batch.add(entry);
                if (batch.size() == BATCH) {
                    dispatch(batch, relative, state);
                    batch = new ArrayList<>(BATCH);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            vanished.incrementAndGet();
            return;
        } catch (IOException e) {
            unreadable.add(display(relative) + ": " + reason(e));
        } catch (java.nio.file.DirectoryIteratorException e) {
            // the listing failed part-way: keep what was listed, report the directory
            unreadable.add(display(relative) + ": " + reason(e.getCause()));
        }
        afterListing.accept(dir);
        visitEntries(batch, relative, state);
    }

    /** Hands a full batch to an idle thread, or does it here when enough work is already queued. */
    private void dispatch(List<Path> batch, String relative, S state) {
        if (queuedBatches.get() < threads * 4) {
            queuedBatches.incrementAndGet();
            submit(() -> {
                queuedBatches.decrementAndGet();
                visitEntries(batch, relative, state);
            });
        } else {
            visitEntries(batch, relative, state);
        }
    }

    private void visitEntries(List<Path> batch, String parentRelative, S state) {
        for (Path entry : batch) {
            String name = entry.getFileName().toString();
            String relative = parentRelative.isEmpty() ? name : parentRelative + "/" + name;
            BasicFileAttributes attrs;
            try {
                attrs = attributes(entry, false);
            } catch (NoSuchFileException e) {
                vanished.incrementAndGet();
                continue;
            } catch (IOException e) {
                unreadable.add(relative + ": " + reason(e));
                continue;
            }
            if (attrs.isSymbolicLink()) {
                countLink(entry);
            } else if (attrs.isDirectory()) {
                submit(() -> walkDirectory(entry, relative, attrs, state));
            } else if (attrs.isRegularFile()) {
                visitor.file(entry, relative, attrs, state);
            }
            // sockets, pipes and devices are not data
        }
    }

    /** Counts a link, never following it: a target inside the tree is walked where it is. */
    private void countLink(Path link) {
        try {
            Path target = link.toRealPath();
            (target.startsWith(realRoot) ? linksInTree : symlinksSkipped).incrementAndGet();
        } catch (IOException e) {
            // dangling, a loop the kernel caught (ELOOP), or a target we may not see
            symlinksSkipped.incrementAndGet();
        }
    }

    private BasicFileAttributes attributes(Path p, boolean follow) throws IOException {
        LinkOption[] options = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        return posix
                ? Files.readAttributes(p, PosixFileAttributes.class, options)
                : Files.readAttributes(p, BasicFileAttributes.class, options);
    }

    static String display(String relative) {
        return relative.isEmpty() ? "." : relative;
    }

    /** The short reason of an I/O failure, without repeating the path. */
    static String reason(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t == null) {
            return "unknown error";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }
}
