package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.StrictText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a text file the user named, with one clear message for each way it can be wrong. */
final class InputFile {
    /** Scripts are code a person wrote; anything larger is almost certainly data given by mistake. */
    static final long MAX_BYTES = 10L * 1024 * 1024;

    private InputFile() {}

    /**
     * The file's text.
     *
     * @param argument the argument that named the file, e.g. {@code LOADER_SCRIPT}
     * @param expected what the file should hold, for messages, e.g. {@code "the loader's Python code"}
     * @throws InvalidInputException when the file is missing, a directory, unreadable, empty or not
     *     UTF-8, binary (NUL bytes) or larger than {@link #MAX_BYTES}
     */
    static String readText(Path file, String argument, String expected) {
        String where = argument + " " + file;
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(where + ": is a directory; a file with " + expected + " is expected");
        }
        if (!Files.exists(file)) {
            throw new InvalidInputException(where + ": no such file; give the file with " + expected);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(where + ": not a regular file; a file with " + expected + " is expected");
        }
        byte[] bytes;
        try {
            // check the size first: reading a huge file whole would exhaust memory, not refuse it
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InvalidInputException(
                        where + ": is " + size / (1024 * 1024) + " MB, too large for " + expected + " (at most "
                                + MAX_BYTES / (1024 * 1024) + " MB); is it the data given by mistake?");
            }
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(where + ": cannot read it (permission denied); make it readable", e);
        } catch (IOException e) {
            throw new OperationFailedException(where + ": cannot read it: " + e.getMessage(), e);
        }
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidInputException(where + ": is empty; a file with " + expected + " is expected");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new InvalidInputException(where + ": binary, not text (a NUL byte at offset " + i
                        + "); a text file with " + expected + " is expected");
            }
        }
        // decode strictly: a Latin-1 or UTF-16 file would otherwise turn into garbage in the card
        try {
            return StrictText.decode(bytes);
        } catch (StrictText.NotUtf8 e) {
            throw new InvalidInputException(
                    where + ": not UTF-8 text (bad byte at offset " + e.offset() + "); save it as UTF-8");
        }
    }
}
