package gov.nersc.huggingnersc.scan;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.api.ManifestHeader;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.JsonTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a manifest as a stream of entries, in path order. At the end it checks that the entries add
 * up to the header (count, bytes, root digest), so a damaged or edited manifest is never trusted.
 */
public final class ManifestReader implements Iterator<ManifestEntry>, AutoCloseable {
    private final Path file;
    private final BufferedReader in;
    private final ManifestHeader header;
    private final MessageDigest digest = Sha256.newDigest();
    private long lineNumber = 1;
    private long files;
    private long bytes;
    private String previous;
    private ManifestEntry next;
    private boolean checked;
    private boolean partial;

    private ManifestReader(Path file) {
        this.file = file;
        try {
            in = new BufferedReader(
                    new InputStreamReader(
                            new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8),
                    1 << 16);
            header = parseHeader(in.readLine());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("manifest " + file + " does not exist");
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidInputException("manifest " + file + " is not a gzip-compressed manifest");
        } catch (IOException e) {
            throw new OperationFailedException("cannot read manifest " + file + ": " + TreeWalk.reason(e), e);
        }
    }

    /**
     * Opens a manifest and reads its header.
     *
     * @throws InvalidInputException when the file is missing or is not a manifest
     */
    public static ManifestReader open(Path file) {
        return new ManifestReader(file);
    }

    /** The manifest's header. */
    public ManifestHeader header() {
        return header;
    }

    /** Whether this is the checkpoint of a run that stopped before the end (see {@link Manifest#build}). */
    public boolean partial() {
        return partial;
    }

    private ManifestHeader parseHeader(String line) {
        JsonNode h = parse(line, "the header");
        if (!ManifestHeader.FORMAT.equals(h.path("format").asText())) {
            throw bad("/format", "is not \"" + ManifestHeader.FORMAT + "\"");
        }
        if (h.path("version").asInt() != ManifestHeader.VERSION) {
            throw bad("/version", "is " + h.path("version") + "; this version reads " + ManifestHeader.VERSION);
        }
        partial = h.path(ManifestWriter.PARTIAL).asBoolean(false);
        Shard shard;
        try {
            shard = Shard.parse(h.path("shard").asText());
        } catch (InvalidInputException e) {
            throw bad("/shard", "is not K/N");
        }
        try {
            return new ManifestHeader(
                    text(h, "root"),
                    shard,
                    h.path("files").asLong(),
                    h.path("bytes").asLong(),
                    text(h, "root_digest"),
                    Instant.parse(text(h, "created")));
        } catch (java.time.format.DateTimeParseException e) {
            throw bad("/created", "is not an ISO-8601 instant");
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !checked) {
            next = readEntry();
        }
        return next != null;
    }

    @Override
    public ManifestEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ManifestEntry e = next;
        next = null;
        return e;
    }

    private ManifestEntry readEntry() {
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new OperationFailedException("cannot read manifest " + file + ": " + TreeWalk.reason(e), e);
        }
        lineNumber++;
        if (line == null) {
            checkTotals();
            return null;
        }
        digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        JsonNode j = parse(line, "line " + lineNumber);
        ManifestEntry e = new ManifestEntry(text(j, "path"), number(j, "size"), number(j, "mtime"), text(j, "sha256"));
        if (previous != null && ManifestEntry.comparePaths(previous, e.path()) >= 0) {
            throw new InvalidInputException("manifest " + file + " line " + lineNumber + ": path " + e.path()
                    + " is out of order; entries are sorted by path");
        }
        previous = e.path();
        files++;
        bytes += e.size();
        return e;
    }

    private void checkTotals() {
        checked = true;
        String actual = "sha256:" + HexFormat.of().formatHex(digest.digest());
        if (files != header.files() || bytes != header.bytes() || !actual.equals(header.rootDigest())) {
            throw new InvalidInputException("manifest " + file + " is damaged: its entries ("
                    + MessageText.count(files, "file") + ", " + bytes + " bytes, " + actual
                    + ") do not match its header ("
                    + MessageText.count(header.files(), "file") + ", " + header.bytes() + " bytes, "
                    + header.rootDigest() + ")");
        }
    }

    private JsonNode parse(String line, String where) {
        if (line == null) {
            throw new InvalidInputException("manifest " + file + " is empty");
        }
        try {
            JsonNode node = JsonTrees.read(line).orElse(null);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException("manifest " + file + " " + where + ": not a JSON object");
            }
            return node;
        } catch (StreamReadException e) {
            throw new InvalidInputException(
                    "manifest " + file + " " + where + ": not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        if (v == null || !v.isTextual()) {
            throw bad("/" + field, "is missing or not a string");
        }
        return v.asText();
    }

    private long number(JsonNode j, String field) {
        JsonNode v = j.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw bad("/" + field, "is missing or not an integer");
        }
        return v.asLong();
    }

    private InvalidInputException bad(String pointer, String what) {
        return new InvalidInputException("manifest " + file + " line " + lineNumber + " " + pointer + " " + what);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written
        }
    }
}
