package gov.nersc.huggingnersc.scan;

/**
 * Reads one number from a Parquet footer: {@code FileMetaData.num_rows} (field 3, an i64), encoded
 * with Thrift's compact protocol. Every other field is skipped without being decoded, so this stays
 * a few dozen lines instead of a Parquet library.
 */
final class ParquetFooter {
    private static final int MAX_DEPTH = 64;
    private final byte[] b;
    private int at;

    private ParquetFooter(byte[] footer) {
        this.b = footer;
    }

    /** The file's row count, or -1 when the footer is not what the Parquet format says. */
    static long numRows(byte[] footer) {
        try {
            return new ParquetFooter(footer).readNumRows();
        } catch (ArrayIndexOutOfBoundsException | IllegalStateException e) {
            return -1;
        }
    }

    private long readNumRows() {
        int fieldId = 0;
        while (true) {
            int header = b[at++] & 0xff;
            int type = header & 0x0f;
            if (type == 0) {
                return -1; // end of FileMetaData without num_rows
            }
            int delta = header >>> 4;
            fieldId = delta != 0 ? fieldId + delta : (int) zigzag(varint());
            if (fieldId == 3 && type == 6) {
                return zigzag(varint());
            }
            skip(type, 0);
        }
    }

    private void skip(int type, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("footer nested too deeply");
        }
        switch (type) {
            case 1, 2 -> {} // booleans live in the field header
            case 3 -> at++;
            case 4, 5, 6 -> varint();
            case 7 -> at += 8;
            case 8 -> at += lengthOf(varint());
            case 9, 10 -> {
                int header = b[at++] & 0xff;
                long size = header >>> 4;
                if (size == 15) {
                    size = varint();
                }
                int elementType = header & 0x0f;
                for (long i = 0; i < size; i++) {
                    skipElement(elementType, depth + 1);
                }
            }
            case 11 -> {
                long size = varint();
                if (size > 0) {
                    int types = b[at++] & 0xff;
                    for (long i = 0; i < size; i++) {
                        skipElement(types >>> 4, depth + 1);
                        skipElement(types & 0x0f, depth + 1);
                    }
                }
            }
            case 12 -> {
                while (true) {
                    int header = b[at++] & 0xff;
                    if (header == 0) {
                        break;
                    }
                    if ((header >>> 4) == 0) {
                        varint(); // long-form field id
                    }
                    skip(header & 0x0f, depth + 1);
                }
            }
            default -> throw new IllegalStateException("unknown compact type " + type);
        }
    }

    /** Inside lists and maps a boolean takes a byte of its own. */
    private void skipElement(int type, int depth) {
        if (type == 1 || type == 2) {
            at++;
        } else {
            skip(type, depth);
        }
    }

    private int lengthOf(long n) {
        if (n < 0 || n > b.length) {
            throw new IllegalStateException("bad length");
        }
        return (int) n;
    }

    private long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int v = b[at++] & 0xff;
            result |= (long) (v & 0x7f) << shift;
            if ((v & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalStateException("varint too long");
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }
}
