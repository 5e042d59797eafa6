package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The branch, tag or commit does not exist in the repo. */
public class RevisionNotFoundException extends HubException {
    public RevisionNotFoundException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }
}
