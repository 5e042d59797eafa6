package gov.nersc.huggingnersc;

/**
 * How {@code update-dataset} runs.
 *
 * @param dryRun compute and describe the change (a unified diff) without writing anything, locally
 *     or on the Hub
 * @param push commit the change to the entry's Hub repo when the entry is published there; false
 *     updates the entry only
 */
public record UpdateOptions(boolean dryRun, boolean push) {
  /** Update the entry and its repo. */
  public static UpdateOptions defaults() {
    return new UpdateOptions(false, true);
  }
}
