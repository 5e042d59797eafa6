package gov.nersc.huggingnersc.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing a folder and everything under it: the one place that does it, for every package. */
public final class FileTree {
    private FileTree() {}

    /**
     * Deletes {@code root} (a file or a folder) and everything under it. A missing path is fine;
     * symbolic links are deleted, never followed.
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes what it can of {@code root}; for temporary folders, where a leftover is harmless. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException leftBehind) {
            // the caller's folder is temporary or hidden; a leftover does no harm
        }
    }
}
