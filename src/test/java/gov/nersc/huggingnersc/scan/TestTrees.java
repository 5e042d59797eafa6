package gov.nersc.huggingnersc.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;

/** Builds small trees of files with real signatures for the scan, manifest and verify tests. */
final class TestTrees {
    static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /**
     * A Parquet footer (Thrift compact FileMetaData) written out by hand from the format's
     * specification: version 1, a two-element schema, num_rows = 150, no row groups.
     */
    static final byte[] PARQUET_FOOTER_150_ROWS = HexFormat.of()
            .parseHex(
                    "1502" // field 1 version: i32 1
                            + "192c" // field 2 schema: list of 2 structs
                            + "4806736368656d61" + "1502" + "00" // {4: name "schema", 5: num_children 1}
                            + "1502" + "380178" + "00" // {1: type INT32, 4: name "x"}
                            + "16ac02" // field 3 num_rows: i64 150
                            + "190c" // field 4 row_groups: empty list
                            + "00");

    private TestTrees() {}

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String content) {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] hdf5(int userBlock, int size) {
        byte[] b = new byte[size];
        System.arraycopy(HDF5, 0, b, userBlock, HDF5.length);
        return b;
    }

    static byte[] parquet() {
        byte[] footer = PARQUET_FOOTER_150_ROWS;
        byte[] length = {(byte) footer.length, 0, 0, 0};
        return concat(ascii("PAR1"), new byte[100], footer, length, ascii("PAR1"));
    }

    static byte[] tar() {
        byte[] b = new byte[1024];
        System.arraycopy(ascii("data.txt"), 0, b, 0, 8);
        System.arraycopy(ascii("ustar\u000000"), 0, b, 257, 8);
        return b;
    }

    static void touch(Path file, long millis) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when permission bits actually stop us (false as root, where chmod 000 denies nothing). */
    static boolean permissionsAreEnforced(Path unreadableDir) {
        try (var s = Files.newDirectoryStream(unreadableDir)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
