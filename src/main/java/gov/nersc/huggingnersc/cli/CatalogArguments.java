package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The arguments of {@code catalog-new-dataset} after LOADER_SCRIPT, in either of the earlier tool's
 * two forms, which users copy as they find them:
 *
 * <ul>
 *   <li>the short form (its README's): {@code METADATA_JSON [BATCH_SCRIPT] [IS_DISTRIBUTED]};
 *   <li>the full form: {@code DATA_PATH DOWNLOAD_LINK METADATA_JSON [BATCH_SCRIPT] [IS_DISTRIBUTED]}.
 * </ul>
 *
 * <p>The arguments tell the forms apart: four or five are the full form; one or two are the short
 * form, whose first is the metadata file; of three, a first that names a {@code .json} file and a
 * last that does not (a yes/no) is the short form, else the full one.
 *
 * @param shortForm true for the short form
 * @param dataPath DATA_PATH of the full form
 * @param downloadLink DOWNLOAD_LINK of the full form
 * @param metadataJson METADATA_JSON
 * @param batchScript BATCH_SCRIPT, if given
 * @param isDistributed IS_DISTRIBUTED, if given
 */
record CatalogArguments(
        boolean shortForm,
        Optional<String> dataPath,
        Optional<String> downloadLink,
        Path metadataJson,
        Optional<String> batchScript,
        Optional<String> isDistributed) {

    /** The short form's arguments after LOADER_SCRIPT. */
    static final String SHORT_FORM = "METADATA_JSON [BATCH_SCRIPT] [IS_DISTRIBUTED]";
    /** The full form's arguments after LOADER_SCRIPT. */
    static final String FULL_FORM = "DATA_PATH DOWNLOAD_LINK METADATA_JSON [BATCH_SCRIPT] [IS_DISTRIBUTED]";

    /**
     * Reads the arguments after LOADER_SCRIPT.
     *
     * @throws InvalidInputException when there are none, too many, or the fourth argument fits neither form
     */
    static CatalogArguments of(List<String> rest) {
        int n = rest.size();
        if (n == 0 || n > 5) {
            throw new InvalidInputException((n == 0
                            ? "missing arguments after LOADER_SCRIPT"
                            : n + " arguments after LOADER_SCRIPT, at most 5 fit")
                    + "; " + bothForms());
        }
        String fourth = rest.get(0);
        boolean shortForm = n <= 2 || n == 3 && isJsonName(fourth) && !isJsonName(rest.get(2));
        if (!shortForm) {
            return new CatalogArguments(
                    false,
                    Optional.of(fourth),
                    Optional.of(rest.get(1)),
                    metadata(rest.get(2)),
                    at(rest, 3),
                    at(rest, 4));
        }
        if (!isJsonName(fourth) && !Files.isRegularFile(metadata(fourth))) {
            throw new InvalidInputException(
                    "'" + fourth + "', the argument after LOADER_SCRIPT, is not a metadata file "
                            + "(.json), and " + n + (n == 1 ? " argument is" : " arguments are")
                            + " too few for the full form; "
                            + bothForms());
        }
        return new CatalogArguments(
                true, Optional.empty(), Optional.empty(), metadata(fourth), at(rest, 1), at(rest, 2));
    }

    private static String bothForms() {
        return "give OFFICIAL_NAME NICKNAME LOADER_SCRIPT " + SHORT_FORM + " (the short form, METADATA_JSON a .json "
                + "file) or OFFICIAL_NAME NICKNAME LOADER_SCRIPT " + FULL_FORM + " (the full form)";
    }

    private static Path metadata(String argument) {
        try {
            return Path.of(argument);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(
                    "METADATA_JSON '" + argument + "': not a file path (" + e.getReason() + ")");
        }
    }

    private static boolean isJsonName(String argument) {
        return argument.strip().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static Optional<String> at(List<String> rest, int index) {
        return index < rest.size() ? Optional.of(rest.get(index)) : Optional.empty();
    }
}
