package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.errors.HuggingNerscException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How a run that failed is told: one {@code error:} line per problem on stderr (a JSON object on
 * stdout too under {@code --json}), the exit code of the failure's kind, a stack trace only with
 * {@code -v}, and never a token.
 */
final class ErrorReport {
    private final Main main;

    ErrorReport(Main main) {
        this.main = main;
    }

    /** A command line that did not parse: exit 2, with the hint for values that start with '-'. */
    int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = main.redact(ex.getMessage()) + dashHint(cl, args).orElse("");
        err.println("error: " + message);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        // the command line did not parse, so --json is looked for in the words themselves
        List<String> words = List.of(args);
        int end = words.contains("--") ? words.indexOf("--") : words.size();
        List<String> options = words.subList(0, end);
        int format = options.indexOf("--format");
        if (options.contains("--json")
                || options.contains("--format=json")
                || format >= 0 && format + 1 < end && options.get(format + 1).equals("json")) {
            printJsonError(cl.getOut(), message, List.of(), ExitCodes.INVALID_INPUT);
        }
        return ExitCodes.INVALID_INPUT;
    }

    /** Under JSON output an error is JSON on stdout too, for the tool that reads it. */
    private static void printJsonError(PrintWriter out, String message, List<String> problems, int code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        if (problems.size() > 1) {
            error.put("problems", problems);
        }
        error.put("exit", code);
        out.println(BaseCommand.jsonText(error));
        out.flush();
    }

    int failure(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        int code;
        String message;
        List<String> problems = List.of();
        if (ex instanceof HuggingNerscException h) {
            code = ExitCodes.of(h.kind());
            message = main.redact(h.getMessage());
            if (h instanceof InvalidInputException invalid && invalid.problems().size() > 1) {
                problems = invalid.problems().stream().map(main::redact).toList();
                problems.forEach(p -> err.println("error: " + p));
            } else {
                err.println("error: " + message);
            }
        } else {
            code = ExitCodes.FAILED;
            message =
                    "unexpected " + ex.getClass().getSimpleName() + ": " + main.redact(String.valueOf(ex.getMessage()));
            err.println("error: " + message + (main.verbose() ? "" : " (run with -v for details)"));
        }
        if (main.json()) {
            printJsonError(cl.getOut(), message, problems, code);
        }
        if (main.verbose()) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(main.redact(trace.toString()));
        }
        err.flush();
        return code;
    }

    /**
     * Why a value was refused when it starts with '-': picocli takes it for an option ({@code
     * inspect-dataset -iris} says a NICKNAME is missing). Empty when no such value was given.
     */
    private static Optional<String> dashHint(CommandLine cl, String[] args) {
        CommandSpec command = cl.getCommandSpec();
        List<String> labels =
                command.positionalParameters().stream().map(p -> p.paramLabel()).toList();
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            // a word after one dash: a long option has two, a short one is one letter
            if (arg.matches("-[^-=].+") && command.findOption(arg) == null && !labels.isEmpty()) {
                String afterDashes = "a value that starts with '-' goes after '--' (the options, then '--', then "
                        + String.join(" ", labels) + ")";
                return Optional.of(" ('" + arg + "' was taken for an option; "
                        + (labels.contains("NICKNAME")
                                ? "a NICKNAME cannot start with '-', as a Hub repo name cannot"
                                        + (labels.size() > 1 ? "; any other " + afterDashes.substring(2) : "")
                                : afterDashes)
                        + ")");
            }
        }
        return Optional.empty();
    }
}
