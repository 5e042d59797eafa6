package gov.nersc.huggingnersc.hub;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK {@link HttpClient}s that a {@link Transport} sends through, each made at its first request:
 * one for {@code https}, and one for plain {@code http} (a local hub) that has no TLS at all, so that a
 * command speaking to a local hub never loads the JDK's TLS stack and trust store (150 to 300 ms of a
 * start, BENCHMARKS.md). {@link #close()} stops their selector threads: at exit the JVM waits up to
 * 300 ms for any thread blocked in a system call, and an HTTP client's selector always is.
 */
final class HttpClients implements AutoCloseable {
    private final Duration connectTimeout;
    private HttpClient plain;
    private HttpClient tls;
    private boolean closed;

    HttpClients(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** The client for {@code uri}: the TLS one for {@code https}, else the plain one. */
    synchronized HttpClient forUri(URI uri) {
        if (closed) {
            throw new IllegalStateException("this Hub client is closed");
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            if (tls == null) {
                tls = builder().build();
            }
            return tls;
        }
        if (plain == null) {
            plain = builder()
                    .sslContext(new NoTls())
                    .sslParameters(new SSLParameters())
                    .build();
        }
        return plain;
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
    }

    /** Stops the clients' selector threads; the clients take no request after. */
    @Override
    public synchronized void close() {
        closed = true;
        for (HttpClient client : new HttpClient[] {plain, tls}) {
            if (client != null) {
                stop(client);
            }
        }
    }

    /**
     * Java 21 and newer: {@code shutdownNow()}. Before, the client has no way to stop, but its selector
     * thread ({@code HttpClient-<id>-SelectorManager}, the id at the end of the client's {@code
     * toString()}) ends when interrupted.
     */
    private static void stop(HttpClient client) {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(client);
            return;
        } catch (NoSuchMethodException java17) {
            // below
        } catch (IllegalAccessException | InvocationTargetException e) {
            return; // the JVM waits at exit, as it did before
        }
        String s = client.toString();
        int open = s.lastIndexOf('(');
        if (open < 0 || !s.endsWith(")")) {
            return;
        }
        String name = "HttpClient-" + s.substring(open + 1, s.length() - 1) + "-SelectorManager";
        selectorThread(name).ifPresent(Thread::interrupt);
    }

    private static Optional<Thread> selectorThread(String name) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i].getName().equals(name)) {
                return Optional.of(threads[i]);
            }
        }
        return Optional.empty();
    }

    /** A TLS context for a client that speaks plain http only: any use of TLS fails. */
    private static final class NoTls extends SSLContext {
        NoTls() {
            super(new Refusing(), null, "none");
        }
    }

    private static final class Refusing extends SSLContextSpi {
        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("this HTTP client speaks plain http only");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException(refused());
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
