package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The file or folder does not exist at that revision. */
public class EntryNotFoundException extends HubException {
    public EntryNotFoundException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }
}
