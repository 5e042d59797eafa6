package gov.nersc.huggingnersc.scan;

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
 * <p>Symbolic links are followed only when their target's real path lies inside the tree and, for a
 * directory, when it is not one of the directories on the current path (which would be a loop). Every
 * other link is counted as skipped. Entries that cannot be read are counted and listed, never fatal;
 * entries that vanish between listing and stat (the tree changing under the walk) are counted as
 * vanished.
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

  /** What the walk itself counted. */
  record Outcome(long directories, long symlinksSkipped, long vanished) {}

  private static final int BATCH = 256;

  private final Path root;
  private final Path realRoot;
  private final int threads;
  private final boolean posix;
  private final Visitor<S> visitor;
  private final Listing.Collector unreadable;
  private final Consumer<Path> afterListing;

  private final AtomicLong directories = new AtomicLong();
  private final AtomicLong symlinksSkipped = new AtomicLong();
  private final AtomicLong vanished = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicInteger queuedBatches = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private ForkJoinPool pool;

  /**
   * @param posix read POSIX attributes (permissions) instead of basic ones
   * @param afterListing called with each directory once its listing is complete and before its
   *     entries are stat-ed: lets tests change the tree at the worst moment
   */
  TreeWalk(Path root, int threads, boolean posix, Visitor<S> visitor, Listing.Collector unreadable,
      Consumer<Path> afterListing) {
    this.root = root;
    this.threads = Math.max(1, threads);
    this.posix = posix;
    this.visitor = visitor;
    this.unreadable = unreadable;
    this.afterListing = afterListing;
    this.realRoot = DataRoot.resolve(root);
  }

  TreeWalk(Path root, int threads, boolean posix, Visitor<S> visitor, Listing.Collector unreadable) {
    this(root, threads, posix, visitor, unreadable, dir -> {});
  }

  /** The root's real path, with no symbolic links in it. */
  Path realRoot() {
    return realRoot;
  }

  /** Walks the whole tree; returns when every entry has been visited. */
  Outcome run() {
    BasicFileAttributes rootAttrs;
    try {
      rootAttrs = attributes(realRoot, true);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read data path " + root + ": " + reason(e), e);
    }
    if (!rootAttrs.isDirectory()) {
      throw new InvalidInputException("data path " + root + " is not a directory");
    }
    if (!Files.isReadable(realRoot) || !Files.isExecutable(realRoot)) {
      // walked, it would come out as an empty tree with one unreadable entry: a wrong answer, not a finding
      throw new InvalidInputException("data path " + root + ": permission denied (the folder cannot be listed); "
          + "give a folder this user can read");
    }
    pool = new ForkJoinPool(threads);
    try {
      Ancestors top = new Ancestors(key(rootAttrs, realRoot), null);
      submit(() -> walkDirectory(realRoot, "", rootAttrs, top, null));
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
    return new Outcome(directories.get(), symlinksSkipped.get(), vanished.get());
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

  private void walkDirectory(Path dir, String relative, BasicFileAttributes attrs, Ancestors path,
      S parent) {
    directories.incrementAndGet();
    S state = visitor.directory(dir, relative, attrs, parent);
    List<Path> batch = new ArrayList<>(BATCH);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        batch.add(entry);
        if (batch.size() == BATCH) {
          dispatch(batch, relative, path, state);
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
    visitEntries(batch, relative, path, state);
  }

  /** Hands a full batch to an idle thread, or does it here when enough work is already queued. */
  private void dispatch(List<Path> batch, String relative, Ancestors path, S state) {
    if (queuedBatches.get() < threads * 4) {
      queuedBatches.incrementAndGet();
      submit(() -> {
        queuedBatches.decrementAndGet();
        visitEntries(batch, relative, path, state);
      });
    } else {
      visitEntries(batch, relative, path, state);
    }
  }

  private void visitEntries(List<Path> batch, String parentRelative, Ancestors path, S state) {
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
        followLink(entry, relative, path, state);
      } else if (attrs.isDirectory()) {
        Ancestors below = new Ancestors(key(attrs, entry), path);
        submit(() -> walkDirectory(entry, relative, attrs, below, state));
      } else if (attrs.isRegularFile()) {
        visitor.file(entry, relative, attrs, state);
      }
      // sockets, pipes and devices are not data
    }
  }

  private void followLink(Path link, String relative, Ancestors path, S state) {
    Path target;
    BasicFileAttributes attrs;
    try {
      target = link.toRealPath();
      attrs = attributes(target, true);
    } catch (IOException e) {
      // dangling, a loop the kernel caught (ELOOP), or a target we may not see
      symlinksSkipped.incrementAndGet();
      return;
    }
    if (!target.startsWith(realRoot)) {
      symlinksSkipped.incrementAndGet();
    } else if (attrs.isDirectory()) {
      Object key = key(attrs, target);
      if (path.contains(key)) {
        symlinksSkipped.incrementAndGet();
      } else {
        Ancestors below = new Ancestors(key, path);
        submit(() -> walkDirectory(link, relative, attrs, below, state));
      }
    } else if (attrs.isRegularFile()) {
      visitor.file(link, relative, attrs, state);
    } else {
      symlinksSkipped.incrementAndGet();
    }
  }

  private BasicFileAttributes attributes(Path p, boolean follow) throws IOException {
    LinkOption[] options = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    return posix
        ? Files.readAttributes(p, PosixFileAttributes.class, options)
        : Files.readAttributes(p, BasicFileAttributes.class, options);
  }

  private static Object key(BasicFileAttributes attrs, Path p) {
    // the (device, inode) pair where the file system has one; the real path otherwise
    Object key = attrs.fileKey();
    if (key != null) {
      return key;
    }
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize().toString();
    }
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

  /** The directories on the current path, from the deepest up: a loop is a key seen here. */
  private record Ancestors(Object key, Ancestors parent) {
    boolean contains(Object candidate) {
      for (Ancestors a = this; a != null; a = a.parent) {
        if (a.key.equals(candidate)) {
          return true;
        }
      }
      return false;
    }
  }
}
