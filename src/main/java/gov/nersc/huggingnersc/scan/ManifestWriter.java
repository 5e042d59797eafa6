package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.ManifestHeader;
import gov.nersc.huggingnersc.api.Shard;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.AtomicFile;
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
import java.util.LinkedHashMap;
import java.util.Map;
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
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path target;
  private final Path body;
  private final Writer out;
  private final MessageDigest digest = Sha256.newDigest();
  private long files;
  private long bytes;
  private String last;
  private boolean finished;

  ManifestWriter(Path target) {
    this.target = target;
    Path dir = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      body = TemporaryFiles.create(dir, target.getFileName().toString(), "body");
      out = new BufferedWriter(new OutputStreamWriter(gzip(Files.newOutputStream(body)), StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw new OperationFailedException("cannot write manifest " + target + ": " + TreeWalk.reason(e), e);
    }
  }

  private static GZIPOutputStream gzip(OutputStream raw) throws IOException {
    return new GZIPOutputStream(raw, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED); // hashing, not compressing, should bound the run
      }
    };
  }

  void write(ManifestEntry e) {
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

  ManifestHeader finish(String root, Shard shard) {
    ManifestHeader header = new ManifestHeader(root, shard, files, bytes,
        "sha256:" + HexFormat.of().formatHex(digest.digest()), Instant.now());
    Path whole = null;
    try {
      out.close();
      whole = TemporaryFiles.create(target.toAbsolutePath().getParent(), target.getFileName().toString(), "tmp");
      try (OutputStream o = Files.newOutputStream(whole)) {
        GZIPOutputStream g = gzip(o);
        g.write((JSON.writeValueAsString(headerJson(header)) + "\n").getBytes(StandardCharsets.UTF_8));
        g.finish();
        Files.copy(body, o);
      }
      AtomicFile.moveIntoPlace(whole, target);
      finished = true;
      return header;
    } catch (IOException e) {
      throw new OperationFailedException("cannot write manifest " + target + ": " + TreeWalk.reason(e), e);
    } finally {
      TemporaryFiles.delete(whole);
      TemporaryFiles.delete(body);
    }
  }

  static Map<String, Object> headerJson(ManifestHeader h) {
    Map<String, Object> m = new LinkedHashMap<>();
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
  public void close() {
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
