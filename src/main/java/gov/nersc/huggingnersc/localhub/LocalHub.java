package gov.nersc.huggingnersc.localhub;

import com.sun.net.httpserver.HttpServer;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local hub: a Hugging Face Hub–compatible HTTP server for dataset repos, on 127.0.0.1 by
 * default. Each repo is a bare git repository under {@code DIR/datasets/<ns>/<name>.git}; LFS
 * objects live under {@code DIR/lfs/objects} by sha256. Anyone may read public repos; writes,
 * and reading private repos, need the server's bearer token.
 *
 * <pre>{@code
 * try (LocalHub hub = LocalHub.start(dir, LocalHub.Options.defaults())) {
 *   // HF_ENDPOINT = hub.url(), HF_TOKEN = hub.token()
 * }
 * }</pre>
 */
public final class LocalHub implements AutoCloseable {
  /** The user every request with the server's token acts as. */
  public static final String USER = "huggingnersc-local";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /**
   * How a local hub is run.
   *
   * @param host address to bind; loopback unless a team shares it
   * @param port TCP port; 0 picks a free one
   * @param token the bearer token writes need; null reads (or creates) {@code DIR/token}
   * @param pageSize items per page of listings (datasets, tree, commits), followed through {@code Link}
   * @param multipartChunkSize LFS objects larger than this are uploaded in parts of this size
   * @param lfsThresholdBytes files this big or bigger go through LFS (the Hub's 10 MB)
   * @param maxJsonBytes largest JSON request body
   * @param maxCommitBytes largest commit (NDJSON, inline files base64-encoded)
   * @param maxLfsObjectBytes largest LFS object
   * @param threads request-handling threads
   */
  public record Options(String host, int port, String token, int pageSize, long multipartChunkSize,
      long lfsThresholdBytes, long maxJsonBytes, long maxCommitBytes, long maxLfsObjectBytes, int threads) {

    public Options {
      if (pageSize < 1 || multipartChunkSize < 1 || lfsThresholdBytes < 1 || threads < 1
          || maxJsonBytes < 1 || maxCommitBytes < 1 || maxLfsObjectBytes < 1) {
        throw new IllegalArgumentException("local hub sizes, page size and threads must be positive");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is outside 0-65535");
      }
    }

    /** 127.0.0.1, a free port, DIR/token, 100 per page, 64 MiB parts, 10 MiB LFS threshold. */
    public static Options defaults() {
      return new Options("127.0.0.1", 0, null, 100, 64L << 20, 10L << 20, 16L << 20, 2L << 30,
          500L << 30, 16);
    }

    public Options withHost(String value) {
      return new Options(value, port, token, pageSize, multipartChunkSize, lfsThresholdBytes,
          maxJsonBytes, maxCommitBytes, maxLfsObjectBytes, threads);
    }

    public Options withPort(int value) {
      return new Options(host, value, token, pageSize, multipartChunkSize, lfsThresholdBytes,
          maxJsonBytes, maxCommitBytes, maxLfsObjectBytes, threads);
    }

    public Options withToken(String value) {
      return new Options(host, port, value, pageSize, multipartChunkSize, lfsThresholdBytes,
          maxJsonBytes, maxCommitBytes, maxLfsObjectBytes, threads);
    }

    public Options withPageSize(int value) {
      return new Options(host, port, token, value, multipartChunkSize, lfsThresholdBytes,
          maxJsonBytes, maxCommitBytes, maxLfsObjectBytes, threads);
    }

    public Options withMultipartChunkSize(long value) {
      return new Options(host, port, token, pageSize, value, lfsThresholdBytes,
          maxJsonBytes, maxCommitBytes, maxLfsObjectBytes, threads);
    }

    public Options withLfsThresholdBytes(long value) {
      return new Options(host, port, token, pageSize, multipartChunkSize, value,
          maxJsonBytes, maxCommitBytes, maxLfsObjectBytes, threads);
    }
  }

  private final Path dir;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final String token;
  private final String url;

  private LocalHub(Path dir, HttpServer server, ThreadPoolExecutor executor, String token, String url) {
    this.dir = dir;
    this.server = server;
    this.executor = executor;
    this.token = token;
    this.url = url;
  }

  /** Starts a local hub serving the repos under {@code dir} (created if missing). */
  public static LocalHub start(Path dir, Options options) throws IOException {
    return start(dir, options, dir.resolve("token"));
  }

  /**
   * Starts a local hub serving the repos under {@code dir} (created if missing), its token read from
   * (or created in) {@code tokenFile} unless the options give one. The port is bound first: a busy
   * port fails with a {@link java.net.BindException} before anything is created.
   */
  public static LocalHub start(Path dir, Options options, Path tokenFile) throws IOException {
    InetAddress address = InetAddress.getByName(options.host());
    HttpServer server = HttpServer.create(new InetSocketAddress(address, options.port()), 64);
    try {
      Files.createDirectories(dir);
      String token = options.token() != null ? options.token() : readOrCreateToken(tokenFile);
      return serve(dir, options, server, address, token);
    } catch (IOException | RuntimeException e) {
      server.stop(0);
      throw e;
    }
  }

  private static LocalHub serve(Path dir, Options options, HttpServer server, InetAddress address, String token)
      throws IOException {
    RepoStore repos = new RepoStore(dir);
    LfsStore lfs = new LfsStore(dir);
    AtomicInteger n = new AtomicInteger();
    // Bounded: a burst queues, a flood makes the accepting thread do the work itself (back-pressure).
    ThreadPoolExecutor executor = new ThreadPoolExecutor(options.threads(), options.threads(), 60,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), r -> {
          Thread t = new Thread(r, "localhub-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(executor);
    int port = server.getAddress().getPort();
    String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    String url = "http://" + host + ":" + port;
    ServerContext ctx = new ServerContext(options, repos, lfs, token, url, new ConcurrentHashMap<>(), Instant.now());
    server.createContext("/", new HubHandler(ctx));
    server.start();
    return new LocalHub(dir, server, executor, token, url);
  }

  /**
   * The embedded hub behind {@code --endpoint file:DIR}: 127.0.0.1, a free port, and the token in
   * {@code DIR/token} (created if missing).
   */
  public static LocalHub startEmbedded(Path dir) {
    try {
      return start(dir, Options.defaults());
    } catch (IOException e) {
      throw new OperationFailedException("cannot start the local hub in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The token in {@code file}; if the file does not exist, a new {@code hf_}-prefixed random token
   * is written there, readable by its owner only (0600).
   */
  public static String readOrCreateToken(Path file) throws IOException {
    if (!Files.exists(file)) {
      StringBuilder t = new StringBuilder("hf_");
      for (int i = 0; i < 34; i++) {
        t.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
      }
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".token", ".tmp");
      try {
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // a file system without POSIX modes; the folder's protection applies
        }
        Files.writeString(tmp, t + "\n", StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file);
        } catch (FileAlreadyExistsException raced) {
          // another process wrote it first: use theirs
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (token.isEmpty()) {
      throw new OperationFailedException("token file " + file + " is empty; delete it to have a new token made");
    }
    return token;
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:43127}; use it as HF_ENDPOINT. */
  public String url() {
    return url;
  }

  /** The bearer token writes need. */
  public String token() {
    return token;
  }

  /** The folder holding the repos, the LFS objects and the token. */
  public Path dir() {
    return dir;
  }

  /** Stops serving; requests under way get a second to finish (for a server people use: Ctrl-C). */
  public void stop() {
    stop(1);
  }

  /**
   * Stops serving at once: for the embedded hub of one command, whose requests are all answered by
   * then. (JDK 17's HttpServer waits the whole grace period while clients keep idle connections.)
   */
  @Override
  public void close() {
    stop(0);
  }

  private void stop(int graceSeconds) {
    server.stop(graceSeconds);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "LocalHub[" + url + ", " + dir + "]";
  }
}
