package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.AtomicFile;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the files that hold tokens: the token file that huggingface_hub reads ({@link
 * HubToken#tokenPath}), its {@code stored_tokens}, and HuggingNERSC's own store. Each is readable by
 * its owner only (0600), in a folder created 0700, and replaced atomically so that a reader never
 * sees half a token.
 */
public final class TokenFile {
    private TokenFile() {}

    /** Saves {@code token} to {@code file}, replacing what was there. */
    public static void write(Path file, HubToken token) {
        writeSecret(file, token.value());
    }

    /** Saves {@code text}, which holds tokens, to {@code file}, replacing what was there. */
    public static void writeSecret(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix) {
                AtomicFile.write(
                        file, text, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                AtomicFile.write(file, text);
            }
        } catch (IOException e) {
            throw new OperationFailedException(
                    "cannot save the token to " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    /** Removes {@code file}, if it is there. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new OperationFailedException(
                    "cannot remove the token file " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
                    e);
        }
    }
}
