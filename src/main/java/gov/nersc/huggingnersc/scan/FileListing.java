package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.TemporaryFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The files of a walk, sorted by path without holding them all: an external merge sort. Items are
 * added from many threads; every {@link #CHUNK} of them are sorted and spilled to a temporary file;
 * {@link #sorted()} merges the spilled runs. Memory stays at one chunk, whatever the file count.
 * The runs are this process's {@link TemporaryFiles}.
 */
final class FileListing implements AutoCloseable {
    static final int CHUNK = 100_000;

    /** A file as the walk saw it. */
    record Item(String path, long size, long mtime) {}

    private static final Comparator<Item> ORDER = (a, b) -> ManifestEntry.comparePaths(a.path(), b.path());

    private final Path tempDir;
    private final int chunk;
    private final List<Path> runs = new ArrayList<>();
    private List<Item> current;
    private long count;
    private long bytes;
    private final List<DataInputStream> open = new ArrayList<>();

    FileListing(Path tempDir) {
        this(tempDir, CHUNK);
    }

    FileListing(Path tempDir, int chunk) {
        this.tempDir = tempDir;
        this.chunk = chunk;
        this.current = new ArrayList<>(Math.min(chunk, 1024));
    }

    synchronized void add(Item item) {
        count++;
        bytes += item.size();
        current.add(item);
        if (current.size() >= chunk) {
            spill();
        }
    }

    private void spill() {
        current.sort(ORDER);
        try {
            Path run = TemporaryFiles.create(tempDir, "huggingnersc-listing", "run");
            runs.add(run);
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (Item i : current) {
                    out.writeUTF(i.path());
                    out.writeLong(i.size());
                    out.writeLong(i.mtime());
                }
            }
        } catch (IOException e) {
            throw new OperationFailedException(
                    "cannot write a temporary file in " + tempDir + ": " + TreeWalk.reason(e), e);
        }
        current = new ArrayList<>(Math.min(chunk, 1024));
    }

    /** How many items were added. */
    synchronized long count() {
        return count;
    }

    /** The sizes of the items added, summed. */
    synchronized long bytes() {
        return bytes;
    }

    /** Every item added, in path order. Call once, after the last {@link #add}. */
    synchronized Iterator<Item> sorted() {
        current.sort(ORDER);
        if (runs.isEmpty()) {
            return current.iterator();
        }
        spill();
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.item, b.item));
        for (Path run : runs) {
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
                open.add(in);
                Head h = new Head(in);
                if (h.advance()) {
                    heads.add(h);
                }
            } catch (IOException e) {
                throw new OperationFailedException("cannot read temporary file " + run + ": " + TreeWalk.reason(e), e);
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Item next() {
                Head h = heads.poll();
                if (h == null) {
                    throw new NoSuchElementException();
                }
                Item item = h.item;
                if (h.advance()) {
                    heads.add(h);
                }
                return item;
            }
        };
    }

    @Override
    public synchronized void close() {
        for (DataInputStream in : open) {
            try {
                in.close();
            } catch (IOException e) {
                // closing a temporary file we are about to delete
            }
        }
        runs.forEach(TemporaryFiles::delete);
    }

    private static final class Head {
        final DataInputStream in;
        Item item;

        Head(DataInputStream in) {
            this.in = in;
        }

        boolean advance() {
            try {
                item = new Item(in.readUTF(), in.readLong(), in.readLong());
                return true;
            } catch (EOFException e) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
