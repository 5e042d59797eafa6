package gov.nersc.huggingnersc.api;

import java.util.List;

/**
 * The outcome of validating a metadata file: every problem (which make it invalid) and every
 * warning (which do not).
 *
 * @param file the file, as the user named it
 * @param problems what must be fixed; empty when the file is valid
 * @param warnings what is accepted but worth a look (unknown keys, links that are not URLs)
 */
public record ValidationReport(String file, List<Problem> problems, List<Problem> warnings) {

    public ValidationReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** Whether the file has no problems (it may have warnings). */
    public boolean valid() {
        return problems.isEmpty();
    }

    /** The problems' one-line messages. */
    public List<String> problemMessages() {
        return problems.stream().map(Problem::message).toList();
    }

    /** The warnings' one-line messages. */
    public List<String> warningMessages() {
        return warnings.stream().map(Problem::message).toList();
    }
}
