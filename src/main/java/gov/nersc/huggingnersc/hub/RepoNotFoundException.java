package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The repo does not exist, or the token may not see it (the Hub hides private repos). */
public class RepoNotFoundException extends HubException {
    public RepoNotFoundException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }
}
