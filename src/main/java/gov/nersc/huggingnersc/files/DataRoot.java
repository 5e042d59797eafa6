package gov.nersc.huggingnersc.files;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The data path a command walks (scan, manifest, verify, upload-data), resolved once, with the one
 * message for each way the path the user gave can be wrong.
 */
public final class DataRoot {
    private DataRoot() {}

    /**
     * The real path of {@code root}, with no symbolic links in it.
     *
     * @throws InvalidInputException when it does not exist, cannot be reached (permission denied) or
     *     is a symbolic link loop
     * @throws OperationFailedException when the file system fails otherwise
     */
    public static Path resolve(Path root) {
        try {
            return root.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("data path " + root + " does not exist");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(
                    "data path " + root + ": permission denied; give a folder this user can " + "read", e);
        } catch (FileSystemException e) {
            if (isLinkLoop(e)) {
                throw new InvalidInputException(
                        "data path " + root + " is a symbolic link loop (its links lead back to "
                                + "each other); give the folder itself",
                        e);
            }
            throw new OperationFailedException("cannot resolve data path " + root + ": " + reason(e), e);
        } catch (IOException e) {
            throw new OperationFailedException("cannot resolve data path " + root + ": " + reason(e), e);
        }
    }

    /**
     * True for ELOOP, a path whose symbolic links never end. The JDK has no exception type for it;
     * it adds "... or unable to access attributes of symbolic link" (in English, whatever the locale)
     * to the system's text.
     */
    public static boolean isLinkLoop(FileSystemException e) {
        return e.getReason() != null && e.getReason().contains("symbolic link");
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null
                ? f.getReason()
                : String.valueOf(e.getMessage());
    }
}
