package gov.nersc.huggingnersc.card;

import static gov.nersc.huggingnersc.markdown.MarkdownText.codeBlock;
import static gov.nersc.huggingnersc.markdown.MarkdownText.codeSpan;
import static gov.nersc.huggingnersc.markdown.MarkdownText.inline;
import static gov.nersc.huggingnersc.markdown.MarkdownText.link;

import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.markdown.MarkdownText;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Markdown sections of the card that this tool writes (between its two marker lines). */
final class CardBody {
    private CardBody() {}

    static final String WHERE = "## Where the data lives at NERSC";
    static final String LOAD = "## Load it";
    static final String PAPERS = "## Papers";
    static final String CITATION = "## Citation";
    static final String MORE = "## More information";
    /** Every heading this tool writes, for merging into a card that lost its markers. */
    static final List<String> HEADINGS = List.of(WHERE, LOAD, PAPERS, CITATION, MORE);

    /** What the card says for an entry that records no data path. */
    static final String NO_DATA_PATH = "not recorded (the catalog entry names no data path yet)";

    /** The earlier tool's first sentence, to recognise its cards. */
    static final String EARLIER_TOOL_SENTENCE =
            "The following code can be used to load the dataset from its stored location at NERSC.";

    // arXiv abstract, PDF or HTML pages, Hub paper pages, "arXiv:" ids and bare ids, new and old style
    private static final Pattern ARXIV = Pattern.compile(
            "(?i)(?:https?://)?(?:www\\.|export\\.)?(?:arxiv\\.org/(?:abs|pdf|html)/|(?:huggingface|hf)\\.co/papers/|arxiv:)?"
                    + "((?:\\d{4}\\.\\d{4,5}|[a-z][a-z.-]*/\\d{7}))(v\\d+)?(?:\\.pdf)?/?");
    private static final Pattern DOI_PREFIX = Pattern.compile("(?i)^(?:https?://(?:dx\\.)?doi\\.org/|doi:)");

    /** The owned sections, from the title to the last section, each ending with a blank line. */
    static String render(CardInput in) {
        Metadata md = in.metadata();
        StringBuilder b = new StringBuilder(4096);
        b.append("# ").append(inline(in.officialName())).append("\n\n");
        md.description()
                .map(MarkdownText::userMarkdown)
                .ifPresent(d -> b.append(d).append('\n'));
        where(b, in);
        load(b, in);
        papers(b, md.papers());
        md.citation()
                .ifPresent(c -> b.append(CITATION)
                        .append("\n\n")
                        .append(codeBlock(c, "bibtex"))
                        .append('\n'));
        more(b, md);
        return b.toString();
    }

    private static void where(StringBuilder b, CardInput in) {
        Metadata md = in.metadata();
        b.append(WHERE).append("\n\n");
        b.append("- Data: ")
                .append(in.dataPath().map(MarkdownText::codeSpan).orElse(NO_DATA_PATH))
                .append('\n');
        b.append("- Download: ")
                .append(in.downloadLink()
                        .map(url -> link(url, url))
                        .orElse("Not public: the data can be read at NERSC only."))
                .append('\n');
        b.append("- Catalog entry: ").append(codeSpan(in.catalogEntryDir())).append('\n');
        md.hpssPath()
                .ifPresent(p ->
                        b.append("- HPSS (tape archive): ").append(codeSpan(p)).append('\n'));
        globus(b, in);
        in.data().ifPresent(d -> {
            b.append("- Contents: ")
                    .append(String.format(Locale.ROOT, "%,d", d.files()))
                    .append(d.files() == 1 ? " file, " : " files, ")
                    .append(d.humanSize());
            if (!d.formats().isEmpty()) {
                b.append("; formats: ").append(inline(String.join(", ", d.formats())));
            }
            b.append('\n');
        });
        b.append('\n');
    }

    private static void load(StringBuilder b, CardInput in) {
        b.append(LOAD).append("\n\n");
        in.layout().ifPresent(layout -> {
            LoadSnippets.render(b, in.repoId(), layout);
            b.append("### With the loader\n\n");
        });
        b.append(EARLIER_TOOL_SENTENCE).append("\n\n");
        if (in.distributed()) {
            b.append("The loader is distributed: run it with a batch script, not in a notebook.\n\n");
        } else {
            in.notebookUrl()
                    .ifPresent(url -> b.append("Open it as a notebook on NERSC's JupyterHub: ")
                            .append(link(notebookName(url), url))
                            .append("\n\n"));
        }
        in.batchScript()
                .ifPresent(s -> b.append("Batch script to run the loader, ")
                        .append(codeSpan(s.fileName()))
                        .append(":\n\n")
                        .append(codeBlock(s.code(), s.language()))
                        .append('\n'));
        b.append("Loader, ")
                .append(codeSpan(in.loader().fileName()))
                .append(":\n\n")
                .append(codeBlock(in.loader().code(), in.loader().language()))
                .append('\n');
    }

    private static String notebookName(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.isEmpty()) {
            return "loader notebook";
        }
        try {
            return URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return last;
        }
    }

    private static void papers(StringBuilder b, List<String> papers) {
        List<String> given =
                papers.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (given.isEmpty()) {
            return;
        }
        b.append(PAPERS).append("\n\n");
        for (String paper : given) {
            b.append("- ").append(paperLink(paper)).append('\n');
        }
        b.append('\n');
    }

    /** {@code [arXiv:ID](https://arxiv.org/abs/ID)} for arXiv papers, the link or the text otherwise. */
    static String paperLink(String paper) {
        Matcher m = ARXIV.matcher(paper);
        if (m.matches()) {
            String id = m.group(1);
            String version = m.group(2) == null ? "" : m.group(2);
            return link("arXiv:" + id, "https://arxiv.org/abs/" + id + version);
        }
        return MarkdownText.isWebUrl(paper) ? link(paper, paper) : inline(paper);
    }

    private static void more(StringBuilder b, Metadata md) {
        List<String> lines = new ArrayList<>();
        md.doi().map(String::strip).ifPresent(doi -> {
            String bare = DOI_PREFIX.matcher(doi).replaceFirst("");
            lines.add("- DOI: " + link(bare, "https://doi.org/" + bare));
        });
        md.homepage()
                .map(String::strip)
                .ifPresent(h -> lines.add("- Homepage: " + (MarkdownText.isWebUrl(h) ? link(h, h) : inline(h))));
        md.contact().ifPresent(c -> lines.add("- Contact: " + inline(c)));
        if (!lines.isEmpty()) {
            b.append(MORE).append("\n\n").append(String.join("\n", lines)).append("\n\n");
        }
    }

    /**
     * The link that opens the data in Globus's File Manager, and the collection the metadata names
     * when the link does not already say it.
     */
    private static void globus(StringBuilder b, CardInput in) {
        Optional<GlobusLink> link = GlobusLink.of(in.metadata(), in.dataPath(), in.globusCollection());
        link.ifPresent(g -> {
            b.append("- Globus: ")
                    .append(link(GlobusLink.TEXT, g.url()))
                    .append(" (collection ")
                    .append(inline(g.collection()));
            if (!in.dataPath().equals(Optional.of(g.path()))) {
                b.append(", path ").append(codeSpan(g.path()));
            }
            b.append(")\n");
        });
        in.metadata()
                .globus()
                .filter(g -> link.map(l -> !l.shows(g)).orElse(true))
                .ifPresent(g -> b.append("- Globus: collection ")
                        .append(inline(
                                g.collection().isBlank() ? g.collectionId().orElse("") : g.collection()))
                        .append(", path ")
                        .append(codeSpan(g.path()))
                        .append('\n'));
    }
}
