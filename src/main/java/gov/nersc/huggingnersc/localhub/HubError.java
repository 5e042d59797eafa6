package gov.nersc.huggingnersc.localhub;

import java.util.Map;

/**
 * An error answer of the local hub: HTTP status, the Hub's machine code ({@code X-Error-Code},
 * may be null) and a one-line human message. Extra fields go into the JSON body next to
 * {@code error} (the 409 of repo creation carries {@code url}).
 */
final class HubError extends RuntimeException {
  final int status;
  final String code;
  final Map<String, Object> extra;

  HubError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  HubError(int status, String code, String message, Map<String, Object> extra) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }

  static HubError badRequest(String message) {
    return new HubError(400, null, message);
  }

  static HubError repoNotFound(String repo) {
    return new HubError(404, "RepoNotFound", "Repository not found: " + repo);
  }

  static HubError revisionNotFound(String revision) {
    return new HubError(404, "RevisionNotFound", "Invalid rev id: " + revision);
  }

  static HubError entryNotFound(String path) {
    return new HubError(404, "EntryNotFound", "Entry not found: " + path);
  }
}
