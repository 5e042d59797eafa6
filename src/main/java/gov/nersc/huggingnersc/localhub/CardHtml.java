package gov.nersc.huggingnersc.localhub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A card's Markdown body as HTML, the way the Hub shows it: CommonMark with GFM tables, fenced
 * code tagged {@code class="language-xxx"}. Raw HTML in the card is shown as text, never as markup,
 * and only safe link schemes (http, https, mailto, relative) are kept; HTML comments (such as the
 * markers around the section this tool owns) are dropped, as a browser would not show them.
 */
final class CardHtml {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                }
            })
            .build();
    private static final Pattern COMMENT = Pattern.compile("\\A\\s*<!--[\\s\\S]*?-->\\s*\\z");

    private CardHtml() {}

    /** Renders Markdown (without front matter) to an HTML fragment. */
    static String render(String markdown) {
        Node doc = PARSER.parse(markdown);
        List<Node> comments = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlBlock block) {
                if (COMMENT.matcher(block.getLiteral()).matches()) {
                    comments.add(block);
                }
            }

            @Override
            public void visit(HtmlInline inline) {
                if (COMMENT.matcher(inline.getLiteral()).matches()) {
                    comments.add(inline);
                }
            }
        });
        comments.forEach(Node::unlink);
        return RENDERER.render(doc);
    }
}
