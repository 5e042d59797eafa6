package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The title users see: the official name, which the card's heading, the notebook and
 * croissant.json show, and the card's {@code pretty_name}, the Hub's title. A new official name
 * ({@code update-dataset --official-name}) retitles the card too; a new entry keeps the metadata's
 * {@code pretty_name}, as the earlier tool did, with a warning when the two differ.
 */
final class EntryTitle {
    /** Line breaks as YAML 1.1 and JavaScript count them; a title is one line. */
    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");

    private EntryTitle() {}

    /** The official name given as {@code argument}, stripped; one line, not empty. */
    static String checkOfficialName(String name, String argument) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(argument + ": empty; give the dataset's name, e.g. \"Iris\"");
        }
        if (LINE_BREAK.matcher(name).find()) {
            throw new InvalidInputException(
                    argument + " '" + MessageText.oneLine(name.strip().split(LINE_BREAK.pattern())[0])
                            + "...': has a line break; the name is one line");
        }
        return name.strip();
    }

    /** For a new entry: a warning when its official name and its card's pretty_name differ. */
    static Optional<String> mismatch(String officialName, Metadata metadata, Path metadataFile, String nickname) {
        if (metadata.prettyName().equals(officialName)) {
            return Optional.empty();
        }
        return Optional.of(
                "OFFICIAL_NAME " + MessageText.quoted(officialName) + " differs from /datacard_tags/pretty_name "
                        + MessageText.quoted(metadata.prettyName()) + " of " + metadataFile
                        + ": the card's heading shows the first, "
                        + "its pretty_name (the Hub's title) the second; 'huggingnersc update-dataset " + nickname
                        + " --official-name NAME' sets both");
    }

    /**
     * For an update: the metadata with its pretty_name set to a new official name, if one is given
     * (it wins over a --metadata file's, with a warning when they differ); else as it is.
     */
    static Metadata retitled(Metadata metadata, DatasetUpdate change, String officialName, List<String> warnings) {
        if (change.officialName().isEmpty()) {
            return metadata;
        }
        if (change.metadataJson().isPresent() && !metadata.prettyName().equals(officialName)) {
            warnings.add("--official-name " + MessageText.quoted(officialName) + " replaces /datacard_tags/pretty_name "
                    + MessageText.quoted(metadata.prettyName()) + " of --metadata "
                    + change.metadataJson().get());
        }
        return metadata.withPrettyName(officialName);
    }
}
