package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every command's {@code --help}, at the width picocli uses off a terminal (80) and a wider one: an
 * example stays whole (a long one goes on with {@code \} on an indented line, so it can be copied
 * as it is; none is broken inside quotes), and no paragraph is broken where the next word would
 * have fitted (a line break typed into the text).
 */
class HelpTextTest {
    private static final String WIDTH = "picocli.usage.width";

    @TempDir
    Path home;

    @AfterEach
    void resetWidth() {
        System.clearProperty(WIDTH);
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 100})
    void examplesStayWholeAndParagraphsAreNotBrokenEarly(int width) {
        System.setProperty(WIDTH, String.valueOf(width));
        List<String> commands = commands();
        assertThat(commands).contains("verify", "hub serve", "manifest slurm-script", "upload-data");
        for (String command : commands) {
            List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
            args.add("--help");
            CliRunner.Result r = new CliRunner(home).run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(command).isZero();
            List<String> lines = r.out().lines().toList();
            checkExamples(command, width, lines);
            checkParagraphs(command, width, lines);
        }
    }

    /** The lines under "Example...:" up to a blank line: commands, or continuations after a '\'. */
    private static void checkExamples(String command, int width, List<String> lines) {
        boolean inExamples = false;
        String previous = "";
        for (String line : lines) {
            if (line.startsWith("Example")) {
                inExamples = true;
                previous = "";
                continue;
            }
            if (line.isBlank()) {
                inExamples = false;
            }
            if (!inExamples) {
                continue;
            }
            String where = "huggingnersc " + command + " --help at " + width + " columns: " + line;
            assertThat(line.length()).as(where).isLessThanOrEqualTo(width);
            assertThat(line.chars().filter(c -> c == '\'').count() % 2)
                    .as(where + ": a broken '...'")
                    .isZero();
            assertThat(line.chars().filter(c -> c == '"').count() % 2)
                    .as(where + ": a broken \"...\"")
                    .isZero();
            if (previous.endsWith(" \\")) {
                assertThat(line).as(where + ": a continuation is indented").startsWith("      ");
            } else {
                assertThat(line).as(where + ": an example starts at column 2").matches("  \\S.*");
            }
            previous = line;
        }
    }

    /** A line ending in a word, followed by a word that would have fitted on it: a typed line break. */
    private static void checkParagraphs(String command, int width, List<String> lines) {
        boolean inExamples = false;
        for (int i = 1; i < lines.size(); i++) {
            String a = lines.get(i - 1);
            String b = lines.get(i);
            inExamples = a.startsWith("Example") || (inExamples && !a.isBlank());
            if (inExamples
                    || a.isBlank()
                    || b.isBlank()
                    || indent(a) != indent(b)
                    || !Character.isLowerCase(b.strip().charAt(0))
                    || !Character.isLetterOrDigit(a.charAt(a.length() - 1))) {
                continue;
            }
            String next = b.strip().split(" ")[0];
            // picocli keeps the last column free in some tables: a word fits when it ends before it
            assertThat(a.length() + 1 + next.length())
                    .as("huggingnersc " + command + " --help at " + width + " columns breaks a paragraph early:\n" + a
                            + "\n" + b)
                    .isGreaterThanOrEqualTo(width);
        }
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    /** Every command's name as typed after {@code huggingnersc} ("" for the tool itself), help left out. */
    private static List<String> commands() {
        List<String> names = new ArrayList<>();
        collect(Main.commandLine(new Main(Map.of(), InputStream.nullInputStream())), "", names);
        return names;
    }

    private static void collect(CommandLine cl, String name, List<String> names) {
        names.add(name);
        cl.getSubcommands().forEach((sub, child) -> {
            if (!sub.equals("help")) {
                collect(child, (name + " " + sub).strip(), names);
            }
        });
    }
}
