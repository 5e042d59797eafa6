package gov.nersc.huggingnersc.hub;

/**
 * The commit {@link HubClient#commit} made.
 *
 * @param oid the 40-hex commit id
 * @param url its web page
 * @param pullRequestUrl the pull request it opened, or null
 */
public record CommitInfo(String oid, String url, String pullRequestUrl) {}
