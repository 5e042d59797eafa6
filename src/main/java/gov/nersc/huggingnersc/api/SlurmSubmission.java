package gov.nersc.huggingnersc.api;

import java.nio.file.Path;

/**
 * What {@code manifest submit} sent to Slurm.
 *
 * @param script the batch script written and submitted
 * @param arrayJobId the job array's id
 * @param mergeJobId the merge job's id; it waits for every task ({@code afterok}) and is cancelled
 *     if one fails
 */
public record SlurmSubmission(Path script, String arrayJobId, String mergeJobId) {}
