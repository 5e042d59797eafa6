package gov.nersc.huggingnersc.hub;

import java.net.URI;

/**
 * No answer came from the Hub: the connection failed, was reset, or timed out. Status 0. Running
 * again may succeed.
 */
public class HubConnectionException extends HubException {
  public HubConnectionException(String summary, String method, URI url, Throwable cause) {
    super(summary, 0, null, method, url, null, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
