package gov.nersc.huggingnersc.localhub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers to requests the HTTP server refuses before any route sees them (a request line that
 * is no HTTP, headers too large, a URI that does not parse): the hub's JSON error, as every other
 * error, instead of the server's HTML page.
 */
final class JettyErrors extends ErrorHandler {
    /** A reason of the server's that is plain words, safe and useful to pass on. */
    private static final Pattern PLAIN_REASON = Pattern.compile("[A-Za-z0-9 ,.:'=()/-]{1,120}");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : 500;
        String reason = request.getAttribute(ERROR_MESSAGE) instanceof String r ? r : null;
        String message = message(status, reason);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put("X-Error-Message", message);
        response.write(true, ByteBuffer.wrap(json(message)), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String message = message(status, reason);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        fields.put("X-Error-Message", message);
        return ByteBuffer.wrap(json(message));
    }

    static String message(int status, String reason) {
        String what = switch (status) {
            case 400 -> "Bad request: this is not a valid HTTP/1.1 request";
            case 408 -> "The request did not arrive in time";
            case 413 -> "The request is too large";
            case 414 -> "The request's URI is too long";
            case 431 -> "The request's headers are too large";
            case 505 -> "Only HTTP/1.1 and HTTP/1.0 are served";
            default -> status >= 500 ? "internal error of the local hub" : "The request was refused";
        };
        boolean passOn = status < 500
                && reason != null
                && PLAIN_REASON.matcher(reason).matches()
                && !reason.equalsIgnoreCase(HttpStatus.getMessage(status));
        return passOn ? what + " (" + reason + ")" : what;
    }

    private static byte[] json(String message) {
        try {
            return HubExchange.JSON.writeValueAsBytes(Map.of("error", message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"error\":\"bad request\"}".getBytes(StandardCharsets.UTF_8);
        }
    }
}
