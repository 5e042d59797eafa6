package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      Path tmp = posix
          ? Files.createTempFile(dir, ".token", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, ".token", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot save the token to " + file + ": " + e.getClass().getSimpleName()
          + " " + e.getMessage(), e);
    }
  }

  /** Removes {@code file}, if it is there. */
  public static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new OperationFailedException("cannot remove the token file " + file + ": " + e.getClass().getSimpleName()
          + " " + e.getMessage(), e);
    }
  }
}
