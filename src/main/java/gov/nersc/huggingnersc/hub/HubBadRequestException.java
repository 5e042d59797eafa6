package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The Hub refused the request as malformed (HTTP 400), e.g. an invalid dataset card; the message holds the Hub's reasons. */
public class HubBadRequestException extends HubException {
    public HubBadRequestException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }

    @Override
    public Kind kind() {
        return Kind.INVALID_INPUT;
    }
}
