package gov.nersc.huggingnersc.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * atomically. A failure leaves the previous manifest untouched.
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
      body = Files.createTempFile(dir, "." + target.getFileName() + ".", ".body");
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
      whole = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp");
      try (OutputStream o = Files.newOutputStream(whole)) {
        GZIPOutputStream g = gzip(o);
        g.write((JSON.writeValueAsString(headerJson(header)) + "\n").getBytes(StandardCharsets.UTF_8));
        g.finish();
        Files.copy(body, o);
      }
      Files.move(whole, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      finished = true;
      return header;
    } catch (IOException e) {
      throw new OperationFailedException("cannot write manifest " + target + ": " + TreeWalk.reason(e), e);
    } finally {
      deleteQuietly(whole);
      deleteQuietly(body);
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
      deleteQuietly(body);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a leftover temporary file is not worth failing for
      }
    }
  }
}
