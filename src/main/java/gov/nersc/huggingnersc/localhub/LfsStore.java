package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Git LFS objects by sha256, under {@code DIR/lfs/objects/aa/bb/<sha256>}. An object is written to a
 * temporary file while it is hashed, checked against its announced oid and size, and only then
 * renamed into place, so a stored object is always complete and correct. Multipart uploads keep
 * their parts under {@code DIR/lfs/incomplete/<uploadId>/} until they are assembled.
 */
final class LfsStore {
  static final Pattern OID = Pattern.compile("[0-9a-f]{64}");

  private final Path objects;
  private final Path incomplete;

  LfsStore(Path dir) throws IOException {
    this.objects = dir.resolve("lfs").resolve("objects");
    this.incomplete = dir.resolve("lfs").resolve("incomplete");
    Files.createDirectories(objects);
    Files.createDirectories(incomplete);
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
    Path tmp = Files.createTempFile(incomplete, "put-", ".tmp");
    try {
      MessageDigest sha = sha256();
      long n;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
        n = in.transferTo(out);
      }
      install(tmp, oid, size, HexFormat.of().formatHex(sha.digest()), n);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The folder holding the parts of one multipart upload. */
  Path partsDir(String uploadId) {
    return incomplete.resolve(uploadId);
  }

  /** Writes part {@code number} of a multipart upload; returns its length. */
  long storePart(String uploadId, int number, InputStream in) throws IOException {
    Path dir = Files.createDirectories(partsDir(uploadId));
    Path tmp = Files.createTempFile(dir, "part-", ".tmp");
    try {
      long n;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        n = in.transferTo(out);
      }
      Files.move(tmp, dir.resolve(String.format("%05d", number)), StandardCopyOption.REPLACE_EXISTING);
      return n;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Concatenates parts {@code 1..parts} of an upload into the object {@code oid}, checking sha256
   * and size, then drops the parts.
   */
  void assemble(String uploadId, int parts, String oid, long size) throws IOException {
    Path dir = partsDir(uploadId);
    Path tmp = Files.createTempFile(incomplete, "assemble-", ".tmp");
    try {
      MessageDigest sha = sha256();
      long n = 0;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
        for (int i = 1; i <= parts; i++) {
          Path part = dir.resolve(String.format("%05d", i));
          if (!Files.isRegularFile(part)) {
            throw HubError.badRequest("multipart upload of " + oid + ": part " + i + " was never uploaded");
          }
          n += Files.copy(part, out);
        }
      }
      install(tmp, oid, size, HexFormat.of().formatHex(sha.digest()), n);
      discardParts(uploadId);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  void discardParts(String uploadId) throws IOException {
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

  private void install(Path tmp, String oid, long size, String actualOid, long actualSize)
      throws IOException {
    if (actualSize != size) {
      throw HubError.badRequest("LFS object " + oid + ": received " + actualSize
          + " bytes, but the batch request announced " + size);
    }
    if (!actualOid.equals(oid)) {
      throw HubError.badRequest("LFS object " + oid + ": the received bytes have sha256 " + actualOid);
    }
    Path target = path(oid);
    Files.createDirectories(target.getParent());
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
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
