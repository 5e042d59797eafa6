package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The Hub refused the token, or no token was sent where one is needed (HTTP 401/403). */
public class UnauthorizedException extends HubException {
    public UnauthorizedException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }
}
