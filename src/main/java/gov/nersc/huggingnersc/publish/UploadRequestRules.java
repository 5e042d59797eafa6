package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.DataUploadRequest;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.hub.RepoPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/** Whether an {@code upload-data} request can be sent: its folder in the repo, globs and limits. */
public final class UploadRequestRules {
    private UploadRequestRules() {}

    /**
     * Checks every field of the request.
     *
     * @throws InvalidInputException naming each wrong option, what was wrong and what is allowed
     */
    public static void check(DataUploadRequest request) {
        List<String> problems = new ArrayList<>();
        pathInRepoProblem(request.pathInRepo())
                .ifPresent(p -> problems.add("--path-in-repo "
                        + MessageText.quoted(String.valueOf(request.pathInRepo())) + ": " + p
                        + "; give a folder relative to the repo's root, "
                        + "e.g. data/ or data/train/"));
        request.include()
                .forEach(g ->
                        globProblem(g).ifPresent(p -> problems.add("--include " + MessageText.quoted(g) + ": " + p)));
        request.exclude()
                .forEach(g ->
                        globProblem(g).ifPresent(p -> problems.add("--exclude " + MessageText.quoted(g) + ": " + p)));
        if (request.filesPerCommit() < 1) {
            problems.add("--files-per-commit " + request.filesPerCommit() + ": give 1 or more");
        }
        if (request.bytesPerCommit() < 1) {
            problems.add("--bytes-per-commit " + request.bytesPerCommit() + ": give 1 or more");
        }
        if (request.maxTotalBytes().isPresent() && request.maxTotalBytes().getAsLong() < 0) {
            problems.add("--max-total-bytes " + request.maxTotalBytes().getAsLong() + ": give 0 or more");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static Optional<String> pathInRepoProblem(String folder) {
        if (folder == null || folder.isEmpty()) {
            return Optional.of("empty");
        }
        if (folder.startsWith("/")) {
            return Optional.of("an absolute path");
        }
        return RepoPaths.problem((folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder));
    }

    private static Optional<String> globProblem(String glob) {
        if (glob.isEmpty()) {
            return Optional.of("empty; give a glob such as '*.csv' or 'train/*'");
        }
        try {
            UploadPlan.glob(glob);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of("not a glob (" + e.getDescription().toLowerCase(Locale.ROOT) + "); use * (any text, "
                    + "'/' too), ? (one character) and [abc], [a-z] or [!abc] (one of, or none of, a set)");
        }
    }
}
