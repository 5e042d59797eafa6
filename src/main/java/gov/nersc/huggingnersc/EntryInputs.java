package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.card.Script;
import gov.nersc.huggingnersc.catalog.EntryFileRole;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.metadata.MetadataFile;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The checks of what a user gives to catalog or update an entry, each refusal naming the argument as
 * the CLI spells it ({@code LOADER_SCRIPT}, {@code --loader}, {@code --data-path}...) and the file:
 * script names, metadata files, data paths and the files an update keeps.
 */
final class EntryInputs {
    private EntryInputs() {}

    /** A file kept in the entry folder must be text: the catalog writes entries as UTF-8 text. */
    static void requireText(Path file, String text) {
        if (text.isEmpty()) {
            try {
                if (Files.size(file) > 0) {
                    throw new InvalidInputException(
                            "catalog entry file " + file + ": not UTF-8 text; the update rewrites the "
                                    + "entry folder, which would lose it, so move it out of the folder first");
                }
            } catch (IOException e) {
                throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The metadata file, validated; each problem or warning names the argument ({@code METADATA_JSON},
     * {@code --metadata}) as well as the file.
     */
    static Metadata readMetadata(Path file, String argument, String nickname, List<String> warnings) {
        try {
            return MetadataFile.read(file, nickname, w -> warnings.add(argument + " " + w.message()));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(
                    e.problems().stream().map(p -> argument + " " + p).toList());
        }
    }

    /** The script's file name, which must not clash with the files the entry itself holds. */
    static String scriptFileName(Path script, String argument, String nickname) {
        String name = script.getFileName().toString();
        if (EntryFileRole.ofName(nickname, name) != EntryFileRole.OTHER || name.startsWith(".")) {
            throw new InvalidInputException(argument + " " + script + ": the file name " + name
                    + (name.startsWith(".") ? " is hidden" : " is taken by the entry's own " + name)
                    + "; the script is copied into the entry under its own name, so rename it");
        }
        return name;
    }

    /**
     * The data path given with {@code argument}, normalised; checked to exist on this machine when
     * {@code checkData}, and to be absolute when not.
     */
    static String checkDataPath(String given, boolean checkData, String argument) {
        if (given == null || given.isBlank()) {
            throw new InvalidInputException(argument + ": empty; give the path of the data at NERSC");
        }
        String normalised;
        try {
            normalised = NerscPaths.normalise(given);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(argument + " " + given.strip() + ": " + e.getMessage());
        }
        if (NerscPaths.isTape(normalised)) {
            return normalised; // recorded, never looked at: reading a tape path would recall tapes
        }
        // check the path as given: the alias may be the only spelling mounted on this machine
        String asGiven = asGiven(given);
        if (!checkData && !asGiven.startsWith("/")) {
            // resolved against this machine's working folder, it would name a place that is not at NERSC
            throw new InvalidInputException(argument + " " + given.strip() + ": a relative path; with --no-data-check "
                    + "give the absolute path of the data at NERSC, e.g. /global/cfs/cdirs/...");
        }
        if (checkData && !Files.exists(Path.of(asGiven)) && !Files.exists(Path.of(normalised))) {
            throw new InvalidInputException(
                    argument + " " + given.strip() + ": no such file or directory; give the path "
                            + "of the data, or --no-data-check to catalog a path that is not on this machine");
        }
        return normalised;
    }
    /** The path as given, with {@code $CFS} spelled out: the spelling to look for on this machine. */
    static String asGiven(String given) {
        return given.strip().replace("${CFS}", NerscPaths.CFS).replace("$CFS", NerscPaths.CFS);
    }

    /** A script given with {@code argument}: its name in the entry (checked) and its text ({@code expected}). */
    static Script script(Path file, String argument, String nickname, String expected) {
        return new Script(scriptFileName(file, argument, nickname), InputFile.readText(file, argument, expected));
    }

    /** Refuses {@code --batch-script} given with {@code --no-batch-script}. */
    static void requireOneBatchChoice(DatasetUpdate c) {
        if (c.removeBatchScript() && c.batchScript().isPresent()) {
            throw new InvalidInputException(
                    "--batch-script " + c.batchScript().get() + " and --no-batch-script: give one of them");
        }
    }

    /** Refuses an update whose loader and batch script would have one file name in the entry. */
    static void requireDistinctScripts(DatasetUpdate c, Script loader, Optional<Script> batch) {
        if (batch.isPresent() && batch.get().fileName().equals(loader.fileName())) {
            throw new InvalidInputException((c.batchScript().isPresent()
                            ? "--batch-script " + c.batchScript().get()
                            : "--loader " + c.loaderScript().map(Path::toString).orElse(loader.fileName()))
                    + ": has the file name " + loader.fileName() + " of the "
                    + (c.batchScript().isPresent() ? "loader" : "batch script")
                    + "; both are copied into the entry, so give them different names");
        }
    }

    /** The download link given with {@code argument} for {@code dataPath}; a refusal names {@code argument}. */
    static Optional<String> downloadLink(String given, Optional<String> dataPath, String portalUrl, String argument) {
        try {
            return NerscPaths.downloadLink(given, dataPath, portalUrl);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage().replaceFirst("^DOWNLOAD_LINK", argument));
        }
    }
}
