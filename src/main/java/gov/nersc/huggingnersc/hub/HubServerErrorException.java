package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The Hub failed (HTTP 5xx). Asking again later may succeed. */
public class HubServerErrorException extends HubException {
    public HubServerErrorException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
