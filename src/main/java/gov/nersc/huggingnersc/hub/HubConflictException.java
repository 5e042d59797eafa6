package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The repo already holds something else (HTTP 409), e.g. a repo of that name exists. */
public class HubConflictException extends HubException {
    public HubConflictException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
