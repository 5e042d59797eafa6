package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNerscTools;
import gov.nersc.huggingnersc.api.Problem;
import gov.nersc.huggingnersc.api.ValidationReport;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code validate-metadata FILE}: says whether a metadata file is valid, and if not, everything wrong. */
@Command(
        name = "validate-metadata",
        mixinStandardHelpOptions = true,
        description = {
            "Check a metadata JSON file (datacard_tags + other_info) without writing anything.",
            "Prints 'valid' (warnings go to stderr), or every problem, one per line: the file, the JSON "
                    + "pointer, the bad value, what is allowed and the nearest allowed value."
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0  valid (perhaps with warnings)", "  2  invalid: every problem is listed"})
public final class ValidateMetadataCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The metadata JSON file.")
    Path file;

    @Option(
            names = "--nickname",
            paramLabel = "NICKNAME",
            description = "Also check that other_info.nickname, if present, equals NICKNAME.")
    String nickname;

    @Override
    public Integer call() {
        ValidationReport report = HuggingNerscTools.validateMetadata(file, nickname);
        if (root().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("valid", report.valid());
            json.put("file", report.file());
            json.put("problems", entries(report.problems()));
            json.put("warnings", entries(report.warnings()));
            printJson(json);
            return report.valid() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        }
        report.warningMessages().forEach(w -> notice("warning: " + w));
        if (!report.valid()) {
            throw new InvalidInputException(report.problemMessages());
        }
        out().println("valid");
        out().flush();
        return ExitCodes.OK;
    }

    private static List<Map<String, Object>> entries(List<Problem> problems) {
        return problems.stream()
                .map(p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("pointer", p.pointer());
                    m.put("value", p.value());
                    m.put("message", p.message());
                    if (p.allowed() != null) {
                        m.put("allowed", p.allowed());
                    }
                    if (p.suggestion() != null) {
                        m.put("suggestion", p.suggestion());
                    }
                    return m;
                })
                .toList();
    }
}
