package gov.nersc.huggingnersc.metadata;

/** Levenshtein distance, for "did you mean ...?" suggestions. */
public final class EditDistance {
    private EditDistance() {}

    /**
     * The number of single-character insertions, deletions and substitutions that turn {@code a}
     * into {@code b}; any value of at least {@code limit} is reported as {@code limit} (the
     * vocabularies are searched for close values only, so far ones need not be measured exactly).
     */
    public static int between(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
