package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The branch moved since our commit was prepared (HTTP 412, or found so after a lost answer); nothing of ours was committed. */
public class PreconditionFailedException extends HubException {
    public PreconditionFailedException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
