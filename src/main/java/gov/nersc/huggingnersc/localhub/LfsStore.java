package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.files.AtomicFile;
import gov.nersc.huggingnersc.files.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Git LFS objects by sha256, under {@code DIR/lfs/objects/aa/bb/<sha256>}. An object is written to a
 * temporary file while it is hashed, checked against its announced oid and size, and only then
 * renamed into place, so a stored object is always complete and correct. Multipart uploads write
 * their parts at their offsets into one file under {@code DIR/lfs/incomplete/<uploadId>/}, hashing
 * them in order as they arrive ({@link PartsDigest}); the file becomes the object once every part is
 * there and the whole is checked, with no read-back unless parts came out of order.
 */
final class LfsStore {
    static final Pattern OID = Pattern.compile("[0-9a-f]{64}");
    /** Parts are written and objects checked in pieces of this size: few system calls, little memory. */
    private static final int BUFFER = 1 << 20;

    private final Path objects;
    private final Path incomplete;
    /** The running sha256 of each multipart upload under way, by upload id. */
    private final Map<String, PartsDigest> digests = new ConcurrentHashMap<>();
    /** How long a part waits for the parts before it to be hashed, before it is written unhashed. */
    private final Duration partWait;
    /** Multipart completions that read the object back to hash it (parts came out of order). */
    private final AtomicInteger readBacks = new AtomicInteger();

    /** The store under {@code dir}; a multipart part waits up to {@code partWait} for the parts before it. */
    LfsStore(Path dir, Duration partWait) throws IOException {
        this.partWait = partWait;
        this.objects = dir.resolve("lfs").resolve("objects");
        this.incomplete = dir.resolve("lfs").resolve("incomplete");
        Files.createDirectories(objects);
        Files.createDirectories(incomplete);
        sweepAbandoned(ABANDONED_AFTER);
    }

    /**
     * Uploads untouched for this long were abandoned (a killed client, a lost connection): clients
     * ask for a new upload each time, so nobody comes back to them.
     */
    static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    /**
     * Removes what abandoned uploads left under {@code incomplete/}: a temporary object, or a
     * multipart upload's folder, in which nothing was written for {@code age}. Several hubs may share
     * the folder, and one may be writing right now; what was written recently is left alone.
     */
    void sweepAbandoned(Duration age) {
        Instant before = Instant.now().minus(age);
        try (Stream<Path> s = Files.list(incomplete)) {
            for (Path p : s.toList()) {
                if (newestWrite(p).isBefore(before)) {
                    FileTree.deleteQuietly(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a leftover costs only disk; the hub works without the sweep
        }
    }

    /** When anything under {@code p} was last written. */
    private static Instant newestWrite(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.map(f -> {
                        try {
                            return Files.getLastModifiedTime(f).toInstant();
                        } catch (IOException gone) {
                            return Instant.now(); // changing under us: someone is at work there
                        }
                    })
                    .max(Instant::compareTo)
                    .orElse(Instant.now());
        }
    }

    /** Where the object with this oid lives (whether or not it exists). */
    Path path(String oid) {
        checkOid(oid);
        return objects.resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
    }

    /** The size of the stored object, if it is stored. */
    Optional<Long> size(String oid) {
        Path p = path(oid);
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    boolean has(String oid, long size) {
        return size(oid).map(s -> s == size).orElse(false);
    }

    /**
     * Stores the bytes of {@code in} as object {@code oid}, refusing them (400, nothing kept) when
     * their sha256 or length differ from what was announced.
     */
    void store(String oid, long size, InputStream in) throws IOException {
        Path tmp = AtomicFile.createTemporary(incomplete, "put-", ".tmp"); // the object keeps the umask's mode
        try {
            MessageDigest sha = sha256();
            long n = write(tmp, 0, size + 1, in, sha); // a byte too many is read, to be refused
            install(tmp, oid, size, HexFormat.of().formatHex(sha.digest()), n);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The folder holding the parts of one multipart upload. */
    private Path partsDir(String uploadId) {
        return incomplete.resolve(uploadId);
    }

    /** The one file a multipart upload's parts are written into, each at its offset. */
    private Path partsData(String uploadId) {
        return partsDir(uploadId).resolve("data");
    }

    private Path partMarker(String uploadId, int number) {
        return partsDir(uploadId).resolve(String.format("%05d", number));
    }

    /**
     * Writes part {@code number}, {@code length} bytes from {@code offset} of the object, straight
     * into the upload's one file at that offset, so completion needs no copy. Never writes past the
     * part's end. The part counts as received (see {@link #partLength}) only once it arrived whole;
     * a part sent again stops counting until it has.
     *
     * @return the bytes received: {@code length}, fewer when cut short, {@code length + 1} when longer
     */
    long storePart(String uploadId, int number, long offset, long length, InputStream in) throws IOException {
        Files.createDirectories(partsDir(uploadId));
        Path marker = partMarker(uploadId, number);
        Files.deleteIfExists(marker);
        PartsDigest digest = digests.computeIfAbsent(uploadId, id -> new PartsDigest());
        boolean hashing;
        try {
            hashing = digest.claim(offset, partWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while part " + number + " waited for the parts before it");
        }
        long n = 0;
        boolean whole = false;
        try {
            n = write(partsData(uploadId), offset, length, in, hashing ? digest.digest() : null);
            if (n == length && in.read() >= 0) {
                return length + 1;
            }
            whole = n == length;
        } finally {
            if (hashing) {
                digest.release(offset + length, whole);
            }
        }
        if (whole) {
            Files.writeString(marker, Long.toString(n));
        }
        return n;
    }

    /** Writes up to {@code length} bytes of {@code in} at {@code offset} of {@code file}, into {@code sha} too. */
    private static long write(Path file, long offset, long length, InputStream in, MessageDigest sha)
            throws IOException {
        long n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
            for (int r; n < length && (r = in.read(buffer, 0, (int) Math.min(buffer.length, length - n))) > 0; ) {
                if (sha != null) {
                    sha.update(buffer, 0, r);
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, r);
                while (bytes.hasRemaining()) {
                    ch.write(bytes, offset + n + bytes.position());
                }
                n += r;
            }
        }
        return n;
    }

    /** The length of part {@code number} when it was received whole, else -1. */
    long partLength(String uploadId, int number) throws IOException {
        Path marker = partMarker(uploadId, number);
        return Files.isRegularFile(marker)
                ? Long.parseLong(Files.readString(marker).strip())
                : -1;
    }

    /**
     * Makes parts {@code 1..parts} of an upload the object {@code oid}, checking sha256 and size
     * (hashed as the parts were written; read back only when they came out of order), then drops
     * what is left of the upload.
     */
    void assemble(String uploadId, int parts, String oid, long size) throws IOException {
        for (int i = 1; i <= parts; i++) {
            if (partLength(uploadId, i) < 0) {
                throw HubError.badRequest("multipart upload of " + oid + ": part " + i + " was never uploaded");
            }
        }
        Path data = partsData(uploadId);
        PartsDigest streamed = digests.remove(uploadId);
        Optional<String> hashed = streamed == null ? Optional.empty() : streamed.whole(size);
        if (hashed.isPresent()) {
            install(data, oid, size, hashed.get(), Files.size(data));
        } else {
            readBacks.incrementAndGet();
            MessageDigest sha = sha256();
            long n = 0;
            try (InputStream in = Files.newInputStream(data)) {
                byte[] buffer = new byte[BUFFER];
                for (int r; (r = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, r);
                    n += r;
                }
            }
            install(data, oid, size, HexFormat.of().formatHex(sha.digest()), n);
        }
        discardParts(uploadId);
    }

    /** Multipart completions so far that read the object back to hash it. */
    int readBacks() {
        return readBacks.get();
    }

    /** Multipart uploads with a running digest, finished or not. */
    int digestsHeld() {
        return digests.size();
    }

    void discardParts(String uploadId) throws IOException {
        digests.remove(uploadId);
        Path dir = partsDir(uploadId);
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Opens the object for reading from {@code offset}. */
    InputStream open(String oid, long offset) throws IOException {
        FileChannel ch = FileChannel.open(path(oid), StandardOpenOption.READ);
        ch.position(offset);
        return java.nio.channels.Channels.newInputStream(ch);
    }

    private void install(Path tmp, String oid, long size, String actualOid, long actualSize) throws IOException {
        if (actualSize != size) {
            throw HubError.badRequest("LFS object " + oid + ": received " + actualSize
                    + " bytes, but the batch request announced " + size);
        }
        if (!actualOid.equals(oid)) {
            throw HubError.badRequest("LFS object " + oid + ": the received bytes have sha256 " + actualOid);
        }
        Path target = path(oid);
        Files.createDirectories(target.getParent());
        AtomicFile.moveIntoPlace(tmp, target);
    }

    static void checkOid(String oid) {
        if (oid == null || !OID.matcher(oid).matches()) {
            throw HubError.badRequest("LFS oid '" + oid + "' is not a sha256: expected 64 lowercase hex digits");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Parts of one object: the number of parts for {@code size} bytes cut in {@code chunk}-byte pieces. */
    static int partCount(long size, long chunk) {
        return (int) ((size + chunk - 1) / chunk);
    }
}
