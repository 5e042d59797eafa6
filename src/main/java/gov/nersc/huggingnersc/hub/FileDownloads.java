package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads files of a repo from their {@code resolve} URLs: whole to a file, a byte range, or a small
 * file into memory. As huggingface_hub's {@code file_download.py}; {@link HubClient} is the way in.
 */
final class FileDownloads {
    private final Transport transport;
    private final HubEndpoint hub;
    private final Duration requestTimeout;

    FileDownloads(Transport transport, HubEndpoint hub, Duration requestTimeout) {
        this.transport = transport;
        this.hub = hub;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Downloads a file to {@code target}: streamed to a temporary file beside it, checked against the
     * announced size, then renamed, so {@code target} is never half-written.
     */
    DownloadedFile download(RepoId id, String revision, String path, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OperationFailedException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        URI url = hub.resolveUrl(id, revision, RepoPaths.check(path));
        return transport.exchange(Transport.Call.get(url).withTimeout(requestTimeout), r -> {
            Path part = AtomicFile.createBeside(target, ".part"); // not createTempFile: the file keeps the umask's mode
            try {
                long size;
                try (InputStream in = r.body();
                        OutputStream out = Files.newOutputStream(part)) {
                    size = in.transferTo(out);
                }
                long announced = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (announced >= 0 && announced != size) {
                    throw new IOException("got " + size + " of " + announced + " bytes");
                }
                AtomicFile.moveIntoPlace(part, target);
                String etag = r.headers()
                        .firstValue("X-Linked-Etag")
                        .or(() -> r.headers().firstValue("ETag"))
                        .map(e -> e.replaceFirst("^W/", "").replace("\"", ""))
                        .orElse(null);
                return new DownloadedFile(
                        target, size, r.headers().firstValue("X-Repo-Commit").orElse(null), etag);
            } finally {
                Files.deleteIfExists(part);
            }
        });
    }

    /** The bytes {@code [offset, offset + length)} of a file ({@code Range} request). */
    byte[] downloadRange(RepoId id, String revision, String path, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new InvalidInputException("byte range: offset and length must not be negative");
        }
        if (length == 0) {
            return new byte[0];
        }
        Transport.Call call = Transport.Call.get(hub.resolveUrl(id, revision, RepoPaths.check(path)))
                .withHeader("Range", "bytes=" + offset + "-" + (offset + length - 1));
        return transport.exchange(call, r -> {
            try (InputStream in = r.body()) {
                if (r.statusCode() != 206) {
                    in.skipNBytes(offset); // the server sent the whole file
                }
                return in.readNBytes(length);
            }
        });
    }

    /** A small file's whole content (at most {@link HubClient#READ_FILE_LIMIT} bytes). */
    byte[] readFile(RepoId id, String revision, String path) {
        URI url = hub.resolveUrl(id, revision, RepoPaths.check(path));
        byte[] bytes = transport.exchange(Transport.Call.get(url), r -> {
            try (InputStream in = r.body()) {
                return in.readNBytes(HubClient.READ_FILE_LIMIT + 1);
            }
        });
        if (bytes.length > HubClient.READ_FILE_LIMIT) {
            throw new OperationFailedException(path + " in " + id + " is larger than " + HubClient.READ_FILE_LIMIT
                    + " bytes; download it to a file instead");
        }
        return bytes;
    }
}
