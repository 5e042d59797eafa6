package gov.nersc.huggingnersc.hub;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * No answer came from the Hub: the connection failed, was reset, or timed out. Status 0. Running
 * again may succeed; asking again at once is pointless only when nothing listens on this machine's
 * port (see {@link #retryable()}).
 */
public class HubConnectionException extends HubException {
    private final boolean retryable;

    public HubConnectionException(String summary, String method, URI url, Throwable cause) {
        this(summary, method, url, cause, true);
    }

    HubConnectionException(String summary, String method, URI url, Throwable cause, boolean retryable) {
        super(summary, 0, null, method, url, null, cause);
        this.retryable = retryable;
    }

    /** False for a connection this machine refused: no server listens there, and waiting will not start one. */
    @Override
    public boolean retryable() {
        return retryable;
    }

    /**
     * What went wrong with a request that got no answer, in the user's words: {@code connection refused
     * by HOST:PORT}, {@code unknown host HOST}, else the exception's class and message.
     */
    public static String whatHappened(IOException e, URI url) {
        String hostPort = url.getHost() + ":" + Transport.port(url);
        if (unresolved(e)) {
            return "unknown host " + url.getHost() + " (is the name spelled right, and the network up?)";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection to " + hostPort + " in time";
        }
        if (refused(e)) {
            return "connection refused by " + hostPort;
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName()
                + (m == null ? "" : " " + m.replaceAll("\\s+", " ").strip());
    }

    /** True when {@code e} is a refused connection: the host answered that nothing listens on that port. */
    static boolean refused(IOException e) {
        // the JDK's HTTP client reports a refusal as a ConnectException without a message
        return e instanceof ConnectException
                && !unresolved(e)
                && (e.getMessage() == null || e.getMessage().contains("refused"));
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
