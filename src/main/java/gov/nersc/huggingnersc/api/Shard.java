package gov.nersc.huggingnersc.api;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * One of {@code count} stable, disjoint slices of a dataset's files, numbered from 1: what one Slurm
 * array task hashes. A file belongs to shard {@code (fnv1a64(utf8(relativePath)) mod count) + 1},
 * where fnv1a64 is the 64-bit FNV-1a hash read as an unsigned number, so the slice of a file never
 * depends on the machine, the walk order or the other files.
 *
 * @param index this shard, 1 to {@code count}
 * @param count how many shards there are
 */
public record Shard(int index, int count) {
    /** The whole dataset in one piece. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new InvalidInputException(
                    "--shard: " + index + "/" + count + " is not allowed; give K/N with 1 <= K <= N, e.g. 3/16");
        }
    }

    /**
     * Parses {@code K/N}, e.g. {@code 3/16}.
     *
     * @throws InvalidInputException when the text is not of that form
     */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                return new Shard(Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the one message
        }
        throw new InvalidInputException("--shard: '" + text + "' is not allowed; give K/N with 1 <= K <= N, e.g. 3/16");
    }

    /** True for the whole dataset (1/1). */
    public boolean isAll() {
        return count == 1;
    }

    /** True when the file at {@code relativePath} belongs to this shard. */
    public boolean contains(String relativePath) {
        return count == 1 || of(relativePath, count) == index;
    }

    /** The shard (1-based) of {@code relativePath} among {@code count}. */
    public static int of(String relativePath, int count) {
        long h = 0xcbf29ce484222325L;
        for (byte b : relativePath.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return (int) Long.remainderUnsigned(h, count) + 1;
    }

    /** {@code K/N}. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
