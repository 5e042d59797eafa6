package gov.nersc.huggingnersc.localhub;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Git LFS pointer file (the git blob that stands for a large file), as the git-lfs spec v1
 * writes it.
 *
 * @param oid sha256 of the content, 64 hex digits
 * @param size content size in bytes
 */
record LfsPointer(String oid, long size) {
    private static final String VERSION = "version https://git-lfs.github.com/spec/v1";
    private static final Pattern SHAPE = Pattern.compile(
            "version https://git-lfs\\.github\\.com/spec/v1\\noid sha256:([0-9a-f]{64})\\nsize (\\d{1,19})\\n?");
    /** Pointers are tiny; anything bigger is a regular file. */
    static final int MAX_POINTER_SIZE = 200;

    /** The pointer text, byte for byte as git-lfs writes it. */
    byte[] bytes() {
        return (VERSION + "\noid sha256:" + oid + "\nsize " + size + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    int pointerSize() {
        return bytes().length;
    }

    /** The pointer in {@code blob}, if the blob is one. */
    static Optional<LfsPointer> parse(byte[] blob) {
        if (blob.length > MAX_POINTER_SIZE) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(new String(blob, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LfsPointer(m.group(1), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
