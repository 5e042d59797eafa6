package gov.nersc.huggingnersc.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a sharded manifest run stands, from the part files beside the manifest: which shards (1 to
 * {@code count}) are done, saved part-way ({@code "partial"}, or unreadable), or not there at all.
 *
 * @param count the N of the run's shards; 0 when there are no part files
 * @param done shards whose part is complete
 * @param partial shards whose part was saved part-way (a stopped run) or is damaged
 * @param missing shards with no part file
 * @param merged whether the whole manifest exists
 */
public record ShardProgress(
        int count, List<Integer> done, List<Integer> partial, List<Integer> missing, boolean merged) {
    public ShardProgress {
        done = List.copyOf(done);
        partial = List.copyOf(partial);
        missing = List.copyOf(missing);
    }

    /** The array task ids (shard - 1) that still have work, for {@code sbatch --array=...}; empty when none. */
    public String tasksLeft() {
        return java.util.stream.Stream.concat(partial.stream(), missing.stream())
                .sorted()
                .map(k -> String.valueOf(k - 1))
                .collect(Collectors.joining(","));
    }
}
