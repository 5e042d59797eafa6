package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.LinkCheck;
import gov.nersc.huggingnersc.hub.HubConnectionException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** Asks a download link whether it answers, with a HEAD request (and one retry on a server error). */
final class LinkChecker {
    private LinkChecker() {}

    /**
     * Asks {@code url} with {@code HEAD}, following redirects, with a short timeout; a connection
     * failure, a timeout or a 5xx is tried once more, since one lost packet is not a broken link.
     */
    static LinkCheck head(String url, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new LinkCheck(url, 0, Optional.of("not a URL: " + e.getMessage()));
        }
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(timeout)
                .header("User-Agent", "huggingnersc-verify")
                .build();
        LinkCheck last = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            last = once(client, request, url);
            if (last.ok() || (last.status() >= 400 && last.status() < 500)) {
                return last;
            }
        }
        return last;
    }

    private static LinkCheck once(HttpClient client, HttpRequest request, String url) {
        try {
            int status =
                    client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new LinkCheck(
                    url,
                    status,
                    status >= 200 && status < 300 ? Optional.empty() : Optional.of("answered HTTP " + status));
        } catch (HttpTimeoutException e) {
            return new LinkCheck(
                    url,
                    0,
                    Optional.of("no answer within "
                            + request.timeout().orElse(LinkCheck.TIMEOUT).toSeconds() + " s"));
        } catch (IOException e) {
            return new LinkCheck(
                    url, 0, Optional.of("cannot connect: " + HubConnectionException.whatHappened(e, request.uri())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LinkCheck(url, 0, Optional.of("interrupted"));
        }
    }
}
