package gov.nersc.huggingnersc.hub;

import java.net.URI;

/** The repo is gated: its owners must grant access to this account first. */
public class GatedRepoException extends HubException {
    public GatedRepoException(
            String summary, int status, String requestId, String method, URI url, String serverMessage) {
        super(summary, status, requestId, method, url, serverMessage, null);
    }
}
