package gov.nersc.huggingnersc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import gov.nersc.huggingnersc.api.HubServeOptions;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.ScanSummary;
import gov.nersc.huggingnersc.api.ServedHub;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.api.ValidationReport;
import gov.nersc.huggingnersc.config.SettingsResolver;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.files.JsonTrees;
import gov.nersc.huggingnersc.metadata.MetadataFile;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import gov.nersc.huggingnersc.scan.DataScanner;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The part of the API that needs no catalog and no Hub settings: resolving the settings that
 * {@link HuggingNersc#create} takes, scanning a data path, checking a metadata file, and serving a
 * folder of repos as a local hub.
 */
public final class HuggingNerscTools {
    private HuggingNerscTools() {}

    /** Made only for a value that is not plain JSON: a mapper is a good part of a short command's start. */
    private static final class Mapper {
        static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * A value as indented JSON text, as Jackson's {@code ObjectMapper} writes it: maps, lists,
     * strings, numbers, booleans and JSON trees without starting a mapper, anything else with one.
     */
    public static String jsonText(Object value) {
        Optional<JsonNode> plain = JsonTrees.plain(value);
        if (plain.isPresent()) {
            return JsonTrees.write(plain.get(), new DefaultPrettyPrinter());
        }
        try {
            return Mapper.INDENTED.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON output", e);
        }
    }

    /**
     * The settings of one run: flags (null when not given) beat the environment, which beats the
     * config file ({@code configFile}, else {@code HUGGINGNERSC_CONFIG}, else the user's), which beats
     * the defaults.
     *
     * @throws InvalidInputException for a bad value, named with its flag, variable or file and line
     */
    public static Settings resolveSettings(
            String endpoint, String org, Path catalogRoot, Path configFile, Map<String, String> env) {
        return SettingsResolver.resolve(new SettingsResolver.Flags(endpoint, org, catalogRoot, configFile), env);
    }

    /**
     * Serves the repos of a folder over the Hub's HTTP API (and creates the folder and its token file
     * when missing), until the returned handle is closed. Every option is checked before anything is
     * bound or created.
     *
     * @throws InvalidInputException for an option out of range, a file where the folder should be, or
     *     an address or port that cannot be listened on
     */
    public static ServedHub serveHub(HubServeOptions options) {
        return HubServing.serve(options);
    }

    /**
     * Walks a data tree, as {@code scan} does, without cataloging it: files, bytes and formats (or
     * extensions, with {@code byExtension}), on {@code threads} threads (empty: as many as suit the
     * machine), reporting progress to {@code progress}.
     *
     * @throws InvalidInputException for an empty path, a path on HPSS tape (never walked), or a bad
     *     thread count
     */
    public static ScanSummary scan(
            Path path, Optional<Integer> threads, boolean byExtension, ScanProgress.Listener progress) {
        if (path.toString().isEmpty()) {
            throw new InvalidInputException("PATH: empty; give the data directory to scan");
        }
        if (NerscPaths.isTape(path.toString())) {
            throw new InvalidInputException("PATH " + path + " is on HPSS tape; it is never walked (that would recall "
                    + "tapes); stage the data to CFS and scan that copy");
        }
        DataScanner scanner = DataScanner.create().progress(progress);
        if (threads.isPresent()) {
            scanner = scanner.threads(threads.get());
        }
        return (byExtension ? scanner.byExtension() : scanner).scan(path);
    }

    /**
     * Checks a metadata JSON file against the schema and the Hub's rules without throwing for bad
     * input: every problem is in the report, with its JSON pointer. With a {@code nickname} (else
     * null), {@code other_info.nickname}, if present, must equal it.
     */
    public static ValidationReport validateMetadata(Path file, String nickname) {
        return MetadataFile.check(file, nickname);
    }
}
