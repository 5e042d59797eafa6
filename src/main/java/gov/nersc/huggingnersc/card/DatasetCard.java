package gov.nersc.huggingnersc.card;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.layout.DataLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataset card: the Hub's {@code README.md}, YAML front matter (the Hub's tags) plus a Markdown
 * body.
 *
 * <p>{@link #render} makes this tool's card for a catalog entry; {@link #parse} reads any card as
 * the Hub does; {@link #mergedOnto} puts a fresh card onto the one on the Hub without losing what
 * others added there.
 *
 * @param frontMatter the YAML front matter, in key order (an unmodifiable view)
 * @param body the Markdown after the front matter
 */
public record DatasetCard(Map<String, Object> frontMatter, String body) {

    // The Hub's rule (huggingface_hub repocard.py): optional leading whitespace, "---" and a line
    // break, then lazily up to a line break, "---", optional blanks and a line break or the end.
    // Also accepts "---" directly after the opening line: an empty front matter.
    private static final Pattern FRONT_MATTER = Pattern.compile(
            "\\A\\s*---(?:\\r\\n|\\r|\\n)(?:([\\s\\S]*?)(?:\\r\\n|\\r|\\n))??---[ \\t]*(?:\\r\\n|\\r|\\n|\\z)");
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");

    public DatasetCard {
        frontMatter = FrontMatterYaml.frozen(Objects.requireNonNull(frontMatter, "frontMatter"));
        Objects.requireNonNull(body, "body");
    }

    /**
     * This tool's card for a catalog entry: the front matter from {@code datacard_tags} in the
     * earlier tool's shape, and the owned body sections (title, description, where the data lives,
     * how to load it, papers, citation) between marker lines.
     */
    public static DatasetCard render(CardInput in) {
        Map<String, Object> frontMatter =
                new LinkedHashMap<>(FrontMatterYaml.fromTags(in.metadata().datacardTags()));
        // explicit configs, always: without them datasets and the viewer take our JSON files for the data
        in.layout().filter(l -> !frontMatter.containsKey("configs")).ifPresent(l -> {
            List<Map<String, Object>> configs = l.configs();
            if (!configs.isEmpty()) {
                frontMatter.put("configs", configs);
            }
            if (l.noViewer().isPresent()) {
                frontMatter.putIfAbsent("viewer", false);
            }
        });
        return new DatasetCard(frontMatter, OwnedSection.wrap(CardBody.render(in), frontMatter.keySet()));
    }

    /**
     * Reads a README.md as the Hub does: a front matter block at the very start, else none (an
     * empty map, and the whole text is the body).
     *
     * @throws InvalidInputException if the front matter is not valid YAML or not a mapping
     */
    public static DatasetCard parse(String readmeText) {
        Matcher m = FRONT_MATTER.matcher(readmeText);
        if (!m.find()) {
            return new DatasetCard(Map.of(), readmeText);
        }
        String yaml = m.group(1) == null ? "" : m.group(1);
        int firstLine = 1 + lineBreaks(readmeText.substring(0, m.start(1) < 0 ? m.end() : m.start(1)));
        return new DatasetCard(FrontMatterYaml.load(yaml, firstLine), readmeText.substring(m.end()));
    }

    /**
     * The README.md text: {@code ---}, the YAML, {@code ---}, the body. A card without front matter
     * is its body alone, unless the body would then read as front matter.
     */
    public String toMarkdown() {
        if (frontMatter.isEmpty() && !FRONT_MATTER.matcher(body).find()) {
            return body;
        }
        String yaml = frontMatter.isEmpty() ? "{}\n" : FrontMatterYaml.dump(frontMatter);
        return "---\n" + yaml + "---\n" + body;
    }

    /**
     * This tool's fresh card merged into the card currently on the Hub. Our keys replace theirs in
     * place; keys others added ({@code configs}, {@code dataset_info}, ...) are kept where they are;
     * a key this tool wrote last time but no longer writes is removed. In the body, the sections
     * this tool owns are replaced and all text outside them is kept (see the README for cards
     * without markers). Merging the result again changes nothing.
     */
    public DatasetCard mergedOnto(DatasetCard onHub) {
        OwnedSection.Merged merged = OwnedSection.merge(body, onHub.body());
        Map<String, Object> keys = new LinkedHashMap<>(onHub.frontMatter());
        merged.previousKeys().stream().filter(k -> !frontMatter.containsKey(k)).forEach(keys::remove);
        keys.putAll(frontMatter);
        Object theirConfigs = onHub.frontMatter().get("configs");
        if (frontMatter.containsKey("configs")
                && !DataLayout.describesOtherFiles(frontMatter.get("configs"))
                && DataLayout.describesOtherFiles(theirConfigs)) {
            // the whole data (upload-data) or someone's own configs: they say more than our sample does
            keys.put("configs", theirConfigs);
            if (onHub.frontMatter().containsKey("viewer")) {
                keys.put("viewer", onHub.frontMatter().get("viewer"));
            } else {
                keys.remove("viewer");
            }
        }
        return new DatasetCard(keys, merged.body());
    }

    /**
     * The part of this card that this tool wrote: the front-matter keys its begin marker records and
     * its marked section. Empty for a card without markers (the earlier tool's). A card kept as
     * committed also holds what others added on the Hub; this is what to merge onto the Hub's card
     * again, so that their keys and text are never put back as they were.
     */
    public Optional<DatasetCard> owned() {
        return OwnedSection.of(body).map(o -> {
            Map<String, Object> keys = new LinkedHashMap<>();
            o.keys().stream().filter(frontMatter::containsKey).forEach(k -> keys.put(k, frontMatter.get(k)));
            return new DatasetCard(keys, o.block());
        });
    }

    private static int lineBreaks(String text) {
        int n = 0;
        for (Matcher m = LINE_BREAK.matcher(text); m.find(); ) {
            n++;
        }
        return n;
    }
}
