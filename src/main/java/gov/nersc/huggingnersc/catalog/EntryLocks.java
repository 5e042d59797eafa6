package gov.nersc.huggingnersc.catalog;

import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.ProcessLock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The catalog entries' locks, {@code <root>/.locks/<nickname>.lock}: one process (or thread) at a time
 * changes an entry. Lock files are shared with every steward who may write the catalog root (its group
 * and permissions), whatever the umask and primary group of whoever made them.
 */
final class EntryLocks {
    /** Catalog roots whose file system was found to have no locks (said once per process). */
    private static final Set<Path> WARNED_NO_LOCKS = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Consumer<String> waiting;
    private final Duration patience;

    /**
     * The locks of the catalog at {@code root}, telling {@code waiting} when a lock waits for another
     * process, and waiting at most {@code patience} unless told otherwise.
     */
    EntryLocks(Path root, Consumer<String> waiting, Duration patience) {
        this.root = root;
        this.waiting = waiting;
        this.patience = patience;
    }

    /** How long a lock waits unless told otherwise. */
    Duration patience() {
        return patience;
    }

    /** Takes the entry's lock, waiting at most the default patience; see {@link Catalog#lock}. */
    Catalog.EntryLock lock(String nickname, String what) {
        return lock(nickname, what, patience);
    }

    /** Takes the entry's lock, waiting at most {@code patience}; see {@link Catalog#lock}. */
    Catalog.EntryLock lock(String nickname, String what, Duration patience) {
        Path file = root.resolve(Catalog.LOCKS).resolve(nickname + ".lock");
        ProcessLock held;
        try {
            createShared(file);
            held = ProcessLock.acquire(
                    file,
                    what + " of '" + nickname + "'",
                    patience,
                    holder -> waiting.accept(
                            "waiting for the catalog entry '" + nickname + "': " + holder + " is changing it"));
            if (!held.osLocked() && WARNED_NO_LOCKS.add(root)) {
                waiting.accept("warning: the file system of " + root + " cannot lock files; two processes changing the "
                        + "same entry at once could lose an edit");
            }
        } catch (InterruptedIOException e) {
            throw EntryFolders.failed(
                    "interrupted while waiting for the catalog entry '" + nickname + "'; nothing was changed", e);
        } catch (ProcessLock.Busy busy) {
            throw new ConflictException("the catalog entry '" + nickname + "' is being changed by " + busy.holder()
                    + "; waited " + patience.toSeconds() + " s for it (lock " + file
                    + "); nothing was changed: run the "
                    + "same command again when it has finished");
        } catch (AccessDeniedException e) {
            throw notWritable(nickname, file, e);
        } catch (IOException e) {
            throw EntryFolders.failed(
                    "cannot write the catalog entry " + root.resolve(nickname) + " (nor take its lock " + file + ")",
                    e);
        }
        return () -> {
            try {
                held.close();
            } catch (IOException e) {
                throw EntryFolders.failed("cannot release the lock " + file, e);
            }
        };
    }

    private OperationFailedException notWritable(String nickname, Path file, AccessDeniedException e) {
        String group;
        try {
            group = Files.readAttributes(root, PosixFileAttributes.class)
                    .group()
                    .getName();
        } catch (IOException | UnsupportedOperationException unknown) {
            group = "<the stewards' group>";
        }
        Path locks = root.resolve(Catalog.LOCKS);
        return new OperationFailedException(
                "cannot change the catalog entry '" + nickname + "': its lock " + file
                        + " is not writable for you (the catalog root, or a lock another steward made); the owner of "
                        + locks + " can let every steward write it: chgrp -R " + group + " " + locks
                        + " && chmod -R g+w " + locks,
                e);
    }

    /**
     * Creates a lock file (and the locks folder) that every steward who may write the catalog root may
     * also write: they get the root's group, and its group and other permissions, whatever the umask
     * and primary group of whoever made them.
     */
    private void createShared(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Path dir = file.getParent();
        Files.createDirectories(root);
        PosixFileAttributes rootAttributes;
        try {
            rootAttributes = Files.readAttributes(root, PosixFileAttributes.class);
        } catch (UnsupportedOperationException notPosix) {
            return; // ProcessLock creates them
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir);
                shareLike(dir, rootAttributes, true);
            } catch (FileAlreadyExistsException raced) {
                // another process made it
            }
        }
        try {
            Files.createFile(file);
            shareLike(file, rootAttributes, false);
        } catch (FileAlreadyExistsException raced) {
            // another process made it, and may be sharing it right now: give it a moment
            if (!Files.isWritable(file)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Gives what this process just created the root's group and the permissions the root grants. */
    private static void shareLike(Path created, PosixFileAttributes root, boolean folder) {
        try {
            Files.getFileAttributeView(created, PosixFileAttributeView.class).setGroup(root.group());
        } catch (IOException | UnsupportedOperationException | SecurityException notAMember) {
            // the permissions below still help everyone in the creator's group
        }
        try {
            var perms = EnumSet.noneOf(PosixFilePermission.class);
            perms.addAll(Files.getPosixFilePermissions(created));
            for (var p : root.permissions()) {
                String name = p.name();
                if (name.endsWith("_WRITE") || name.endsWith("_READ") || (folder && name.endsWith("_EXECUTE"))) {
                    perms.add(p);
                }
            }
            Files.setPosixFilePermissions(created, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the lock still works for whoever made it
        }
    }
}
