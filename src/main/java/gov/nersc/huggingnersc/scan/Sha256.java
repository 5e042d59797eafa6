package gov.nersc.huggingnersc.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a file's content, read in 1 MiB blocks with one buffer and one digest per thread. */
final class Sha256 {
    private static final int BUFFER = 1 << 20;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The hex SHA-256 of the file; counts the bytes read into {@code read} as it goes. */
    static String of(Path file, java.util.function.LongConsumer read) throws IOException {
        MessageDigest md = DIGESTS.get();
        md.reset();
        byte[] buffer = BUFFERS.get();
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                md.update(buffer, 0, n);
                read.accept(n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
