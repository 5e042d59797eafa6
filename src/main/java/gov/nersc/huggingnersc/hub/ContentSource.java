package gov.nersc.huggingnersc.hub;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The content of a file to commit: bytes in memory (small files such as a card) or a file on disk
 * (any size; it is streamed, never loaded whole).
 */
public sealed interface ContentSource permits ContentSource.Bytes, ContentSource.FromFile {

    /** Digests read the content in pieces of this size. */
    int BUFFER = 1 << 20;

    static ContentSource of(byte[] bytes) {
        return new Bytes(bytes);
    }

    static ContentSource of(String utf8) {
        return new Bytes(utf8.getBytes(StandardCharsets.UTF_8));
    }

    static ContentSource of(Path file) {
        return new FromFile(file, Optional.empty());
    }

    /**
     * A file whose sha256 is {@code known} (from a manifest) while its size and mtime are still the
     * known ones; then {@link #sha256()} reads nothing.
     */
    static ContentSource of(Path file, KnownSha256 known) {
        return new FromFile(file, Optional.of(known));
    }

    /** The size in bytes. */
    long size() throws IOException;

    /** A fresh stream of the whole content. */
    InputStream open() throws IOException;

    /** Up to the first {@code n} bytes (preupload sends the first 512). */
    default byte[] head(int n) throws IOException {
        try (InputStream in = open()) {
            return in.readNBytes(n);
        }
    }

    /** The sha256 of the content in hex (the LFS oid), read in 1 MiB pieces. */
    default String sha256() throws IOException {
        return digest("SHA-256", null);
    }

    /** The git blob id: sha1 of {@code "blob <size>\0"} and the content. */
    default String gitBlobSha1() throws IOException {
        return digest("SHA-1", ("blob " + size() + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    private String digest(String algorithm, byte[] prefix) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
        if (prefix != null) {
            md.update(prefix);
        }
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, size()))];
        try (InputStream in = open()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Content held in memory. */
    record Bytes(byte[] bytes) implements ContentSource {
        public Bytes {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String toString() {
            return "Bytes[" + bytes.length + " bytes]";
        }
    }

    /**
     * A file's sha256 as recorded elsewhere (a manifest), for the file as it was then.
     *
     * @param size the file's size then
     * @param mtimeMillis its modification time then, ms since the epoch
     * @param sha256 its sha256 then (64 lower-case hex digits)
     * @param ifStale what to do when the Hub finds the bytes do not match, e.g. which command hashes again
     */
    record KnownSha256(long size, long mtimeMillis, String sha256, String ifStale) {}

    /** Content read from a file when needed; its sha256 taken from {@code known} while size and mtime match. */
    record FromFile(Path file, Optional<KnownSha256> known) implements ContentSource {
        public FromFile(Path file) {
            this(file, Optional.empty());
        }

        @Override
        public long size() throws IOException {
            return Files.size(file);
        }

        /** The known sha256 when the file's size and mtime are the known ones (one stat, no read), else hashed. */
        @Override
        public String sha256() throws IOException {
            if (known.isPresent()) {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                KnownSha256 k = known.get();
                if (a.size() == k.size() && a.lastModifiedTime().toMillis() == k.mtimeMillis()) {
                    return k.sha256();
                }
            }
            return ContentSource.super.sha256();
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }
}
