package gov.nersc.huggingnersc;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A unified diff of one text file, as {@code git diff} prints it. */
final class TextDiff {
    private static final int CONTEXT = 3;
    private static final String NO_NEWLINE = "\\ No newline at end of file";

    private TextDiff() {}

    /**
     * The diff from {@code before} to {@code after} of the file at {@code path}: {@code --- a/PATH},
     * {@code +++ b/PATH} ({@code /dev/null} for a file added or deleted) and {@code @@} hunks with
     * three lines of context; empty when the texts are equal.
     */
    static String unified(String path, Optional<String> before, Optional<String> after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> old = lines(before.orElse(""));
        List<String> fresh = lines(after.orElse(""));
        Patch<String> patch = DiffUtils.diff(old, fresh);
        List<String> out = new ArrayList<>(UnifiedDiffUtils.generateUnifiedDiff(
                before.isPresent() ? "a/" + path : "/dev/null",
                after.isPresent() ? "b/" + path : "/dev/null",
                old,
                patch,
                CONTEXT));
        if (out.isEmpty()) {
            return ""; // the same text, e.g. an empty file added
        }
        StringBuilder text = new StringBuilder();
        for (String line : out) {
            // the library numbers an empty side from 1; git (and patch) expect "-0,0" / "+0,0"
            text.append(line.startsWith("@@") ? line.replace("-1,0 ", "-0,0 ").replace("+1,0 ", "+0,0 ") : line)
                    .append('\n');
        }
        return text.toString();
    }

    /** The text's lines; a last line without a line break carries git's marker, so that adding one shows. */
    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        } else {
            int last = lines.size() - 1;
            lines.set(last, lines.get(last) + "\n" + NO_NEWLINE);
        }
        return lines;
    }
}
