package gov.nersc.huggingnersc.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writing a file whole or not at all: a temporary file on the same file system, then a rename, so a
 * reader finds the old file or the new one, never part of one. The one home for it in every package
 * (catalog entries, manifests, downloads, the local hub's LFS objects).
 *
 * <p>Temporary files are created as any new file is, with the permissions the umask leaves, never
 * with {@link Files#createTempFile}: its files are 0600 whatever the umask, and the file renamed into
 * place keeps that, so another steward of the group could not read a manifest.
 */
public final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {}

    /**
     * Creates a new, empty file in {@code dir} named {@code prefix}, 12 random hex digits, {@code
     * suffix}; its permissions are what the umask leaves of 0666, as for any new file.
     */
    public static Path createTemporary(Path dir, String prefix, String suffix) throws IOException {
        return createTemporary(dir, prefix, suffix, new FileAttribute<?>[0]);
    }

    private static Path createTemporary(Path dir, String prefix, String suffix, FileAttribute<?>... mode)
            throws IOException {
        while (true) {
            try {
                return Files.createFile(dir.resolve(prefix + randomHex() + suffix), mode);
            } catch (FileAlreadyExistsException drawAgain) {
                // 48 random bits met an existing name: draw again
            }
        }
    }

    /** A new, empty, hidden temporary file beside {@code target}: {@code .NAME.<random><suffix>}. */
    public static Path createBeside(Path target, String suffix) throws IOException {
        return createTemporary(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", suffix);
    }

    /**
     * Renames {@code temp} to {@code target} in one step, replacing it. Both must be on one file system
     * (a temporary file beside the target always is).
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + temp + " to " + target + " atomically", e);
        }
    }

    /**
     * Renames {@code from} (a file or a folder) to {@code to} in one step; fails when {@code to} is there
     * already, as a rename of a folder into its place must.
     */
    public static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " atomically", e);
        }
    }

    /**
     * Replaces {@code target} with {@code text} (UTF-8): a temporary file beside it, forced to disk and
     * renamed over it; then the folder is synced, so the rename survives a crash.
     */
    public static void write(Path target, String text) throws IOException {
        write(target, text, new FileAttribute<?>[0]);
    }

    /**
     * As {@link #write(Path, String)}, the file created with {@code mode} (such as owner-only for a
     * file of secrets) instead of what the umask leaves.
     */
    public static void write(Path target, String text, FileAttribute<?>... mode) throws IOException {
        Path temp =
                createTemporary(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp", mode);
        try {
            writeForced(temp, text, StandardOpenOption.TRUNCATE_EXISTING);
            moveIntoPlace(temp, target);
            syncDirectory(target.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes {@code text} (UTF-8) into a file that must not exist yet and forces it to disk, so a rename
     * of its folder never exposes an empty file after a crash.
     */
    public static void writeNew(Path file, String text) throws IOException {
        writeForced(file, text, StandardOpenOption.CREATE_NEW);
    }

    /** Makes a rename or a new file in {@code dir} durable; not every file system allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot open or sync a directory; the rename is still atomic
        }
    }

    private static void writeForced(Path file, String text, StandardOpenOption how) throws IOException {
        try (FileChannel ch = FileChannel.open(file, how, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** Twelve random hex digits, for names that must not collide. */
    public static String randomHex() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
