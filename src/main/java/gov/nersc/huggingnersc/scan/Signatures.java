package gov.nersc.huggingnersc.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;

/**
 * Recognises a file's format from its first bytes (one read of 512 bytes), with a second small read
 * only where a format needs it: the end of a Parquet file, and the HDF5 user-block offsets (512,
 * 1024, 2048, ...) for files whose name says HDF5 or NetCDF.
 */
final class Signatures {
    private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] NUMPY = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final byte[] PAR1 = ascii("PAR1");
    private static final byte[] USTAR = ascii("ustar");
    private static final Set<String> TEXT_NAMES =
            Set.of("readme", "license", "licence", "copying", "citation", "authors", "changelog", "notice");
    /** A Parquet footer larger than this is not read for its row count. */
    private static final int MAX_FOOTER = 64 << 20;

    private Signatures() {}

    /**
     * What a file is, and what its name claimed.
     *
     * @param rows the rows of a table (Parquet footer, or counted lines when asked); -1 when not known
     */
    record Detection(FileFormat format, FileFormat claimed, long rows) {}

    /** What the file's name claims it is. */
    static FileFormat claimed(String name) {
        String ext = FileFormat.extension(name);
        return ext.isEmpty() && TEXT_NAMES.contains(name.toLowerCase(java.util.Locale.ROOT))
                ? FileFormat.TEXT
                : FileFormat.byExtension(ext);
    }

    /**
     * Reads the file's first bytes and decides its format.
     *
     * @throws IOException when the file cannot be opened or read (the caller counts it as unreadable)
     */
    static Detection detect(Path file, String name, long size, boolean countLines) throws IOException {
        String ext = FileFormat.extension(name);
        FileFormat claimed = claimed(name);
        if (size == 0) {
            FileFormat f = claimed.textual() ? claimed : FileFormat.OTHER;
            return new Detection(f, claimed, countLines && f.tabular() ? 0 : -1);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] b = read(ch, (int) Math.min(512, size), 0);
            FileFormat sniffed = sniff(b, ext, size, ch);
            long rows = -1;
            if (sniffed == FileFormat.PARQUET) {
                rows = parquetRows(ch, size);
            }
            if (sniffed != null) {
                return new Detection(sniffed, claimed, rows);
            }
            // no signature: text formats go by their name; a binary format without its signature is not it
            if (!claimed.textual()) {
                return new Detection(FileFormat.OTHER, claimed, -1);
            }
            return new Detection(
                    claimed, claimed, countLines && claimed.tabular() ? countRows(ch, b, size, claimed) : -1);
        }
    }

    private static FileFormat sniff(byte[] b, String ext, long size, FileChannel ch) throws IOException {
        if (startsWith(b, 0, HDF5)) {
            return hdf5Flavour(ext);
        }
        if (b.length >= 4 && b[0] == 'C' && b[1] == 'D' && b[2] == 'F' && (b[3] == 1 || b[3] == 2 || b[3] == 5)) {
            return FileFormat.NETCDF3;
        }
        if (startsWith(b, 0, PAR1) && size >= 12 && endsWithPar1(ch, size)) {
            return FileFormat.PARQUET;
        }
        if (startsWith(b, 0, NUMPY)) {
            return FileFormat.NUMPY;
        }
        if (startsWith(b, 0, PNG)) {
            return FileFormat.PNG;
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return FileFormat.JPEG;
        }
        if (b.length >= 4
                && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                        || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return FileFormat.TIFF;
        }
        if (startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"))) {
            return FileFormat.GIF;
        }
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6))) {
            return ext.equals("npz") ? FileFormat.NUMPY : FileFormat.ZIP;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return FileFormat.GZIP;
        }
        if (startsWith(b, 257, USTAR)) {
            return FileFormat.TAR;
        }
        if (startsWith(b, 0, ascii("SIMPLE  ="))) {
            return FileFormat.FITS;
        }
        if (startsWith(b, 0, ascii("root")) && b.length >= 8) {
            return FileFormat.ROOT;
        }
        FileFormat claimed = FileFormat.byExtension(ext);
        if ((claimed == FileFormat.HDF5 || claimed == FileFormat.NETCDF4 || ext.equals("mat"))
                && hasUserBlockHdf5(ch, size)) {
            return hdf5Flavour(ext);
        }
        return null;
    }

    private static FileFormat hdf5Flavour(String ext) {
        return ext.equals("nc") || ext.equals("nc4") || ext.equals("netcdf") ? FileFormat.NETCDF4 : FileFormat.HDF5;
    }

    /** HDF5 allows a user block before the superblock: the signature then sits at 512, 1024, 2048, ... */
    private static boolean hasUserBlockHdf5(FileChannel ch, long size) throws IOException {
        for (long at = 512; at + HDF5.length <= size; at *= 2) {
            if (Arrays.equals(read(ch, HDF5.length, at), HDF5)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithPar1(FileChannel ch, long size) throws IOException {
        return Arrays.equals(read(ch, 4, size - 4), PAR1);
    }

    /** The row count in a Parquet footer, or -1 when the footer cannot be read cheaply. */
    private static long parquetRows(FileChannel ch, long size) throws IOException {
        byte[] tail = read(ch, 8, size - 8);
        if (tail.length < 8) {
            return -1;
        }
        int footerLength = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (footerLength <= 0 || footerLength > MAX_FOOTER || footerLength > size - 12) {
            return -1;
        }
        return ParquetFooter.numRows(read(ch, footerLength, size - 8 - footerLength));
    }

    /** Reads up to {@code length} bytes at {@code position}; fewer when the file is (or became) shorter. */
    private static byte[] read(FileChannel ch, int length, long position) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(length);
        long at = position;
        while (into.hasRemaining()) {
            int n = ch.read(into, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return into.position() == length ? into.array() : Arrays.copyOf(into.array(), into.position());
    }

    /**
     * Counts the rows of a text table: its lines (a last line without a newline counts), minus one
     * header line for CSV and TSV. The head already read is counted first; a small file needs no
     * second read.
     */
    private static long countRows(FileChannel ch, byte[] head, long size, FileFormat format) throws IOException {
        long lines = 0;
        int last = '\n';
        for (byte x : head) {
            if (x == '\n') {
                lines++;
            }
        }
        if (head.length > 0) {
            last = head[head.length - 1];
        }
        if (size > head.length) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            long at = head.length;
            int n;
            while ((n = ch.read(buffer, at)) > 0) {
                byte[] a = buffer.array();
                for (int i = 0; i < n; i++) {
                    if (a[i] == '\n') {
                        lines++;
                    }
                }
                last = a[n - 1];
                at += n;
                buffer.clear();
            }
        }
        if (last != '\n') {
            lines++;
        }
        boolean header = format == FileFormat.CSV || format == FileFormat.TSV;
        return Math.max(0, header ? lines - 1 : lines);
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
