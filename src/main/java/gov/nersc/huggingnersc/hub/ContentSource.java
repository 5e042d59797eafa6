package gov.nersc.huggingnersc.hub;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        return new FromFile(file);
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

    /** Content read from a file when needed. */
    record FromFile(Path file) implements ContentSource {
        @Override
        public long size() throws IOException {
            return Files.size(file);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }
}
