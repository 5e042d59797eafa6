package gov.nersc.huggingnersc.catalog;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.card.CardScripts;
import gov.nersc.huggingnersc.card.Script;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * An entry's loader as it stands: its file, else, for an entry of the earlier tool (which kept no
 * script files), the code its card shows, named {@code <nickname>_loader.py}. The one home of that
 * recovery, for rendering an update and for the files published to the repo.
 */
public final class EntryScripts {
    private EntryScripts() {}

    /**
     * The loader of {@code entry}, whose folder is {@code entryDir}: the file it records ({@code file}
     * gives a file's text by name, if the folder has it), else the loader code block of its card.
     *
     * @param remedy what the user can do when there is none, e.g. {@code "give the loader with --loader FILE"}
     * @throws InvalidInputException when there is neither, naming the folder and saying {@code remedy}
     */
    public static Script loader(
            CatalogEntry entry,
            Path entryDir,
            Function<String, Optional<String>> file,
            CardScripts shown,
            String remedy) {
        String name = entry.loaderScript().orElseGet(() -> EntryFileRole.defaultLoaderName(entry.nickname()));
        String code = entry.loaderScript()
                .flatMap(file)
                .or(shown::loader)
                .orElseThrow(() ->
                        new InvalidInputException("catalog entry " + entryDir.toAbsolutePath() + "/: no loader script: "
                                + entry.loaderScript()
                                        .map(n -> n + " is missing and ")
                                        .orElse("the entry names no loader file and ")
                                + "its " + EntryFileRole.CARD_NAME + " shows no loader code block; " + remedy));
        return new Script(name, code);
    }
}
