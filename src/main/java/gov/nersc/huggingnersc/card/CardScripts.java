package gov.nersc.huggingnersc.card;

import gov.nersc.huggingnersc.markdown.Fence;
import gov.nersc.huggingnersc.markdown.MarkdownText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loader and batch scripts as a card shows them, for entries whose scripts were not kept as
 * files (the earlier tool kept only the card). Reads this tool's cards ("Loader, `name`:" before
 * the block) and the earlier tool's (its fixed sentence, then an optional "Batch script to run the
 * dataloader." block, then the loader's block).
 *
 * @param loader the loader's code, if the card shows one
 * @param loaderName the loader's file name, when the card names it
 * @param batch the batch script's code, if the card shows one
 * @param batchName the batch script's file name, when the card names it
 */
public record CardScripts(
        Optional<String> loader, Optional<String> loaderName, Optional<String> batch, Optional<String> batchName) {

    private static final Pattern OUR_LOADER = Pattern.compile("Loader, `+ ?(.+?) ?`+:");
    private static final Pattern OUR_BATCH = Pattern.compile("Batch script to run the loader, `+ ?(.+?) ?`+:");
    /** The earlier tool's line before its batch script block. */
    static final String EARLIER_BATCH_SENTENCE = "Batch script to run the dataloader.";

    /** A fenced block, the last non-blank line outside code before it, and whether the earlier tool's sentence came before. */
    private record Block(String before, String code, boolean afterSentence) {}

    /** The scripts shown in a card's Markdown (README.md with or without front matter). */
    public static CardScripts of(String readme) {
        List<Block> blocks = blocks(MarkdownText.lines(DatasetCard.parse(readme).body()));
        Optional<String> loader = Optional.empty();
        Optional<String> loaderName = Optional.empty();
        Optional<String> batch = Optional.empty();
        Optional<String> batchName = Optional.empty();
        // this tool's cards name each script; they repeat the earlier sentence, so they are read first
        for (Block b : blocks) {
            Matcher ourLoader = OUR_LOADER.matcher(b.before());
            Matcher ourBatch = OUR_BATCH.matcher(b.before());
            if (ourLoader.matches() && loader.isEmpty()) {
                loader = Optional.of(b.code());
                loaderName = Optional.of(ourLoader.group(1));
            } else if (ourBatch.matches() && batch.isEmpty()) {
                batch = Optional.of(b.code());
                batchName = Optional.of(ourBatch.group(1));
            }
        }
        if (loader.isPresent()) {
            return new CardScripts(loader, loaderName, batch, batchName);
        }
        // the earlier tool's card: after its sentence, the batch block (if any) then the loader's
        for (Block b : blocks) {
            if (!b.afterSentence()) {
                continue;
            }
            if (b.before().equals(EARLIER_BATCH_SENTENCE)) {
                batch = batch.or(() -> Optional.of(b.code()));
            } else {
                loader = Optional.of(b.code());
                break;
            }
        }
        return new CardScripts(loader, Optional.empty(), batch, Optional.empty());
    }

    // Every top-level fenced block with its code (ending with a line break) and what came before it.
    private static List<Block> blocks(String body) {
        List<Block> out = new ArrayList<>();
        Fence fence = new Fence();
        String before = "";
        boolean afterSentence = false;
        StringBuilder code = null;
        for (String line : body.split("\n", -1)) {
            boolean inCode = fence.accept(line);
            if (inCode && code == null) {
                code = new StringBuilder(); // the opening fence
            } else if (inCode && fence.closingLine().isPresent()) {
                code.append(line).append('\n');
            } else if (inCode) {
                out.add(new Block(before, code.toString(), afterSentence)); // the closing fence
                code = null;
                before = "";
            } else if (!line.isBlank()) {
                afterSentence |= line.strip().equals(CardBody.EARLIER_TOOL_SENTENCE);
                before = line.strip();
            }
        }
        if (code != null) {
            out.add(new Block(before, code.toString(), afterSentence)); // a block left open runs to the end
        }
        return out;
    }
}
