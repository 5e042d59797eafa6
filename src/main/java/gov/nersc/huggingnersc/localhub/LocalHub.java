package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The local hub: a Hugging Face Hub–compatible HTTP server for dataset repos, on 127.0.0.1 by
 * default. Each repo is a bare git repository under {@code DIR/datasets/<ns>/<name>.git}; LFS
 * objects live under {@code DIR/lfs/objects} by sha256. Anyone may read public repos; writes,
 * and reading private repos, need the server's bearer token.
 *
 * <p>HTTP is served by Jetty: it reads request headers without holding a thread, so clients that
 * stall cost a connection each rather than a worker, and a connection on which nothing moves for
 * {@link Options#idleTimeout()} (headers, body or answer) is closed.
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
     * @param threads requests handled at once (a client sending its body slowly holds one)
     * @param idleTimeout how long a connection may stall (no byte of headers or body arriving, or of
     *     the answer being taken) before it is closed
     */
    public record Options(
            String host,
            int port,
            String token,
            int pageSize,
            long multipartChunkSize,
            long lfsThresholdBytes,
            long maxJsonBytes,
            long maxCommitBytes,
            long maxLfsObjectBytes,
            int threads,
            Duration idleTimeout) {

        public Options {
            if (pageSize < 1
                    || multipartChunkSize < 1
                    || lfsThresholdBytes < 1
                    || threads < 1
                    || maxJsonBytes < 1
                    || maxCommitBytes < 1
                    || maxLfsObjectBytes < 1) {
                throw new IllegalArgumentException("local hub sizes, page size and threads must be positive");
            }
            if (idleTimeout == null || idleTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("the idle timeout must be positive");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 0-65535");
            }
        }

        /**
         * 127.0.0.1, a free port, DIR/token, 100 per page, 64 MiB parts, 10 MiB LFS threshold, 200
         * requests at once, connections closed after 30 s without progress.
         */
        public static Options defaults() {
            return new Options(
                    "127.0.0.1",
                    0,
                    null,
                    100,
                    64L << 20,
                    10L << 20,
                    16L << 20,
                    2L << 30,
                    500L << 30,
                    200,
                    Duration.ofSeconds(30));
        }

        public Options withHost(String value) {
            return new Options(
                    value,
                    port,
                    token,
                    pageSize,
                    multipartChunkSize,
                    lfsThresholdBytes,
                    maxJsonBytes,
                    maxCommitBytes,
                    maxLfsObjectBytes,
                    threads,
                    idleTimeout);
        }

        public Options withPort(int value) {
            return new Options(
                    host,
                    value,
                    token,
                    pageSize,
                    multipartChunkSize,
                    lfsThresholdBytes,
                    maxJsonBytes,
                    maxCommitBytes,
                    maxLfsObjectBytes,
                    threads,
                    idleTimeout);
        }

        public Options withToken(String value) {
            return new Options(
                    host,
                    port,
                    value,
                    pageSize,
                    multipartChunkSize,
                    lfsThresholdBytes,
                    maxJsonBytes,
                    maxCommitBytes,
                    maxLfsObjectBytes,
                    threads,
                    idleTimeout);
        }

        public Options withPageSize(int value) {
            return new Options(
                    host,
                    port,
                    token,
                    value,
                    multipartChunkSize,
                    lfsThresholdBytes,
                    maxJsonBytes,
                    maxCommitBytes,
                    maxLfsObjectBytes,
                    threads,
                    idleTimeout);
        }

        public Options withMultipartChunkSize(long value) {
            return new Options(
                    host,
                    port,
                    token,
                    pageSize,
                    value,
                    lfsThresholdBytes,
                    maxJsonBytes,
                    maxCommitBytes,
                    maxLfsObjectBytes,
                    threads,
                    idleTimeout);
        }

        public Options withLfsThresholdBytes(long value) {
            return new Options(
                    host,
                    port,
                    token,
                    pageSize,
                    multipartChunkSize,
                    value,
                    maxJsonBytes,
                    maxCommitBytes,
                    maxLfsObjectBytes,
                    threads,
                    idleTimeout);
        }

        public Options withIdleTimeout(Duration value) {
            return new Options(
                    host,
                    port,
                    token,
                    pageSize,
                    multipartChunkSize,
                    lfsThresholdBytes,
                    maxJsonBytes,
                    maxCommitBytes,
                    maxLfsObjectBytes,
                    threads,
                    value);
        }
    }

    private final Path dir;
    private final Server server;
    private final String token;
    private final String url;
    private final LfsStore lfs;

    private LocalHub(Path dir, Server server, String token, String url, LfsStore lfs) {
        this.dir = dir;
        this.server = server;
        this.token = token;
        this.url = url;
        this.lfs = lfs;
    }

    /** Starts a local hub serving the repos under {@code dir} (created if missing). */
    public static LocalHub start(Path dir, Options options) throws IOException {
        return start(dir, options, dir.resolve("token"));
    }

    /**
     * Starts a local hub serving the repos under {@code dir} (created if missing), its token read from
     * (or created in) {@code tokenFile} unless the options give one. The port is bound first: a busy
     * port fails (an IOException caused by a {@link java.net.BindException}) before anything is created.
     */
    public static LocalHub start(Path dir, Options options, Path tokenFile) throws IOException {
        InetAddress address = InetAddress.getByName(options.host());
        tellJettyTheCacheLine();
        // the acceptor and the selector take a thread each; daemon threads never keep the JVM alive
        QueuedThreadPool pool = new QueuedThreadPool(options.threads() + 2, Math.min(options.threads() + 2, 8));
        pool.setName("localhub");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        Server server = new Server(pool, new ScheduledExecutorScheduler("localhub-timeouts", true), null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // routes read the raw path and decode and check it themselves (revisions hold %2F)
        http.setUriCompliance(UriCompliance.UNSAFE);
        // a file path of 1,000 characters, percent-encoded, is a request line far longer than Jetty's 8 KiB
        http.setRequestHeaderSize(64 << 10);
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        // LFS bodies are read from the socket in pieces of this size (Jetty's default, 8 KiB, costs a
        // system call and a pass through the stack per 8 KiB); a buffer is held only while it has bytes
        http1.setInputBufferSize(256 << 10);
        ServerConnector connector = new ServerConnector(server, 1, 1, http1);
        connector.setHost(address.getHostAddress());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        server.addConnector(connector);
        server.setErrorHandler(new JettyErrors());
        try {
            connector.open();
            Files.createDirectories(dir);
            String token = options.token() != null ? options.token() : readOrCreateToken(tokenFile);
            RepoStore repos = new RepoStore(dir);
            // a part waits for the ones before it to be hashed while its connection idles: well inside the timeout
            LfsStore lfs = new LfsStore(dir, options.idleTimeout().dividedBy(2));
            String host = address.getHostAddress().contains(":")
                    ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress();
            String url = "http://" + host + ":" + connector.getLocalPort();
            ServerContext ctx = new ServerContext(
                    options, repos, lfs, token, url, new LfsUploads(lfs, Clock.systemUTC()), Instant.now());
            server.setHandler(new HubHandler(ctx));
            server.start();
            return new LocalHub(dir, server, token, url, lfs);
        } catch (IOException | RuntimeException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot start the local hub's HTTP server: " + e.getMessage(), e);
        }
    }

    /**
     * Jetty pads some counters to a cache line, sized by how many object references fit in one; unless
     * a system property says, it asks the JVM through JMX whether references are compressed, which starts
     * the platform MBean server: 100 to 140 ms of a hub's start (BENCHMARKS.md). They are (4 bytes, 16 to
     * a 64-byte line) whenever the heap is below 32 GB; the property, once set, is left as it is.
     */
    private static void tellJettyTheCacheLine() {
        String key = "org.eclipse.jetty.util.referencesPerCacheLine";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Runtime.getRuntime().maxMemory() < (32L << 30) ? "16" : "8");
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // it did not start; nothing of it is left to stop
        }
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

    /** The LFS objects (for tests of this package). */
    LfsStore lfs() {
        return lfs;
    }

    /** The folder holding the repos, the LFS objects and the token. */
    public Path dir() {
        return dir;
    }

    /** Stops serving; requests under way get a second to finish (for a server people use: Ctrl-C). */
    public void stop() {
        stop(Duration.ofSeconds(1));
    }

    /** Stops serving at once: for the embedded hub of one command, whose requests are all answered by then. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    private void stop(Duration grace) {
        server.setStopTimeout(grace.toMillis());
        if (server.getThreadPool() instanceof QueuedThreadPool pool) {
            pool.setStopTimeout(grace.toMillis());
        }
        stopQuietly(server);
    }

    @Override
    public String toString() {
        return "LocalHub[" + url + ", " + dir + "]";
    }
}
