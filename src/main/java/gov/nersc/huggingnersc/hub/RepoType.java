package gov.nersc.huggingnersc.hub;

/** The kinds of Hub repos, with their URL segments. HuggingNERSC uses datasets. */
public enum RepoType {
    MODEL("model", "models", ""),
    DATASET("dataset", "datasets", "datasets/"),
    SPACE("space", "spaces", "spaces/");

    private final String wireName;
    private final String apiSegment;
    private final String urlPrefix;

    RepoType(String wireName, String apiSegment, String urlPrefix) {
        this.wireName = wireName;
        this.apiSegment = apiSegment;
        this.urlPrefix = urlPrefix;
    }

    /** The {@code type} value of create/delete requests: {@code dataset}. */
    public String wireName() {
        return wireName;
    }

    /** The segment after {@code /api/}: {@code datasets}. */
    public String apiSegment() {
        return apiSegment;
    }

    /** The prefix of web, resolve and git URLs: {@code datasets/} (models have none). */
    public String urlPrefix() {
        return urlPrefix;
    }
}
