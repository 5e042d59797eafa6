package gov.nersc.huggingnersc.scan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.ManifestHeader;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.AtomicFile;
import gov.nersc.huggingnersc.files.JsonTrees;
import gov.nersc.huggingnersc.files.TemporaryFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a manifest as a stream: entries go into a temporary gzip member while their digest is
 * computed; {@link #finish} then writes the header as a first gzip member, appends the entries'
 * member (a gzip file may hold several; readers see one stream) and moves the result into place
 * atomically. A failure leaves the previous manifest untouched. The manifest gets the permissions
 * the umask gives any new file (the group's stewards verify it too); the temporary files are this
 * process's {@link TemporaryFiles}, gone even when a signal ends the run.
 */
final class ManifestWriter implements AutoCloseable {
    /** The header field that marks a checkpoint of a run that has not finished. */
    static final String PARTIAL = "partial";

    private final Path target;
    private final Path body;
    private Writer out;
    private final MessageDigest digest = Sha256.newDigest();
    private long files;
    private long bytes;
    private String last;
    private boolean finished;
    private boolean closed;

    ManifestWriter(Path target) {
        this.target = target;
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            body = TemporaryFiles.create(dir, target.getFileName().toString(), "body");
            out = openBody();
        } catch (IOException e) {
            throw new OperationFailedException("cannot write manifest " + target + ": " + TreeWalk.reason(e), e);
        }
    }

    private Writer openBody(java.nio.file.OpenOption... options) throws IOException {
        return new BufferedWriter(
                new OutputStreamWriter(gzip(Files.newOutputStream(body, options)), StandardCharsets.UTF_8), 1 << 16);
    }

    private static GZIPOutputStream gzip(OutputStream raw) throws IOException {
        return new GZIPOutputStream(raw, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED); // hashing, not compressing, should bound the run
            }
        };
    }

    synchronized void write(ManifestEntry e) {
        if (last != null && ManifestEntry.comparePaths(last, e.path()) >= 0) {
            throw new IllegalStateException("manifest entries out of order: " + last + " then " + e.path());
        }
        last = e.path();
        String line = e.toLine() + "\n";
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        files++;
        bytes += e.size();
        try {
            out.write(line);
        } catch (IOException x) {
            throw new OperationFailedException("cannot write manifest " + target + ": " + TreeWalk.reason(x), x);
        }
    }

    synchronized ManifestHeader finish(String root, Shard shard) {
        ManifestHeader header = header(root, shard, digest);
        try {
            out.close();
            writeWhole(header, false);
            finished = true;
            return header;
        } catch (IOException e) {
            throw new OperationFailedException("cannot write manifest " + target + ": " + TreeWalk.reason(e), e);
        } finally {
            TemporaryFiles.delete(body);
        }
    }

    /**
     * Saves the entries written so far as the target, marked {@code "partial": true} in its header (so
     * a merge refuses it, while a re-run reuses its hashes), atomically; writing goes on after. Does
     * nothing once the writer is finished or closed.
     */
    synchronized void checkpoint(String root, Shard shard) {
        if (finished || closed) {
            return;
        }
        try {
            out.close(); // ends the body's gzip member; the next one is appended (readers see one stream)
            out = openBody(java.nio.file.StandardOpenOption.APPEND);
            writeWhole(header(root, shard, cloneOf(digest)), true);
        } catch (IOException e) {
            throw new OperationFailedException("cannot save a checkpoint of " + target + ": " + TreeWalk.reason(e), e);
        }
    }

    private ManifestHeader header(String root, Shard shard, MessageDigest d) {
        return new ManifestHeader(
                root, shard, files, bytes, "sha256:" + HexFormat.of().formatHex(d.digest()), Instant.now());
    }

    private static MessageDigest cloneOf(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
        }
    }

    private void writeWhole(ManifestHeader header, boolean partial) throws IOException {
        Path whole = null;
        try {
            whole = TemporaryFiles.create(
                    target.toAbsolutePath().getParent(), target.getFileName().toString(), "tmp");
            ObjectNode json = headerJson(header);
            if (partial) {
                json.put(PARTIAL, true);
            }
            try (OutputStream o = Files.newOutputStream(whole)) {
                GZIPOutputStream g = gzip(o);
                g.write((JsonTrees.compact(json) + "\n").getBytes(StandardCharsets.UTF_8));
                g.finish();
                Files.copy(body, o);
            }
            AtomicFile.moveIntoPlace(whole, target);
        } finally {
            TemporaryFiles.delete(whole);
        }
    }

    static ObjectNode headerJson(ManifestHeader h) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("format", ManifestHeader.FORMAT);
        m.put("version", ManifestHeader.VERSION);
        m.put("root", h.root());
        m.put("shard", h.shard().toString());
        m.put("files", h.files());
        m.put("bytes", h.bytes());
        m.put("root_digest", h.rootDigest());
        m.put("created", h.created().toString());
        return m;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (!finished) {
            try {
                out.close();
            } catch (IOException e) {
                // abandoning a temporary file
            }
            TemporaryFiles.delete(body);
        }
    }
}
