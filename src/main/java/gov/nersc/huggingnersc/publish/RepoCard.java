package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.hub.EntryNotFoundException;
import gov.nersc.huggingnersc.hub.HubClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The card ({@code README.md}) of a dataset repo at one commit, onto which this tool's card is
 * merged ({@link DatasetCard#mergedOnto}) before it is committed: what {@code update-dataset} and
 * {@code upload-dataset} both do, so that keys and text others added on the Hub stay.
 *
 * @param text the card's text; empty when the repo has no card
 * @param card the card as parsed
 */
public record RepoCard(String text, DatasetCard card) {

    /**
     * The repo's card at {@code commit}.
     *
     * @param command the command that merges, for the message ({@code update-dataset})
     * @throws ConflictException when the card's front matter cannot be read, so nothing can be merged
     *     onto it; nothing has been changed
     */
    public static RepoCard read(HubClient hub, RepoId repo, String commit, String command) {
        String text;
        try {
            text = new String(hub.readFile(repo, commit, RepoFiles.README), StandardCharsets.UTF_8);
        } catch (EntryNotFoundException none) {
            return new RepoCard("", new DatasetCard(Map.of(), ""));
        }
        try {
            return new RepoCard(text, DatasetCard.parse(text));
        } catch (InvalidInputException broken) {
            throw new ConflictException(
                    "the card README.md in the Hub repo " + repo + " cannot be merged: " + broken.getMessage()
                            + "; nothing was changed; fix the card on the Hub, then run " + command + " again");
        }
    }

    /**
     * {@code ours} merged onto this card. A card kept as committed before (it holds others' keys and
     * text too) brings only what this tool wrote ({@link DatasetCard#owned}); a card without
     * markers (the earlier tool's) is merged whole.
     */
    public DatasetCard merge(DatasetCard ours) {
        return ours.owned().orElse(ours).mergedOnto(card);
    }

    /**
     * The text of {@code ours} merged onto this card; this card's own text when the merge changes
     * nothing in it, so that a card others spelled otherwise (YAML quoting, say) is not rewritten.
     */
    public String mergedText(DatasetCard ours) {
        DatasetCard merged = merge(ours);
        return merged.equals(card) ? text : merged.toMarkdown();
    }
}
