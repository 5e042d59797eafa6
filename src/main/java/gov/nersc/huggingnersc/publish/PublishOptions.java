package gov.nersc.huggingnersc.publish;

/**
 * How to publish an entry.
 *
 * @param isPrivate create the repo private (only when it is created; an existing repo keeps its
 *     visibility)
 */
public record PublishOptions(boolean isPrivate) {
  /** A public repo. */
  public static PublishOptions defaults() {
    return new PublishOptions(false);
  }
}
