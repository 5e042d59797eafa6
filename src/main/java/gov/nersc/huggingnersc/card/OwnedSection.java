package gov.nersc.huggingnersc.card;

import gov.nersc.huggingnersc.markdown.Fence;
import gov.nersc.huggingnersc.markdown.MarkdownText;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The part of a card body this tool owns: its sections between two invisible marker lines. The
 * begin marker records which front-matter keys this tool wrote, so that a key dropped from the
 * metadata is dropped from the card too, while keys others added stay.
 *
 * <p>Markers are recognised only as whole lines outside fenced code, so a marker quoted inside a
 * loader or a description never counts (and inline text cannot hold one: its '<' is escaped).
 */
final class OwnedSection {
    private OwnedSection() {}

    static final String END = "<!-- huggingnersc:end -->";
    private static final Pattern BEGIN_LINE = Pattern.compile("<!-- huggingnersc:begin(?: keys=(\\S*))? -->[ \\t]*");
    private static final Pattern END_LINE = Pattern.compile(Pattern.quote(END) + "[ \\t]*");
    private static final Pattern HEADING = Pattern.compile(" {0,3}(#{1,2})(?:[ \\t].*)?");

    /** A merged body and the front-matter keys the replaced owned section had written. */
    record Merged(String body, List<String> previousKeys) {}

    /** The owned block: begin marker (with our keys), sections, end marker, ending with a line break. */
    static String wrap(String sections, Collection<String> keys) {
        String encoded = keys.stream()
                .map(k -> URLEncoder.encode(k, StandardCharsets.UTF_8))
                .collect(Collectors.joining(","));
        return "<!-- huggingnersc:begin keys=" + encoded + " -->\n" + sections + END + "\n";
    }

    /**
     * {@code ours} (a block from {@link #wrap}) put into {@code theirs}: in place of the owned
     * block if it has one; else in place of the earlier tool's card or of our known sections; else
     * appended. Everything else in {@code theirs} is kept; line endings become LF.
     */
    static Merged merge(String ours, String theirs) {
        String text = MarkdownText.lines(theirs);
        List<Line> lines = Line.split(text);
        Optional<Block> owned = find(lines);
        if (owned.isPresent()) {
            Block b = owned.get();
            return new Merged(text.substring(0, b.start()) + ours + text.substring(b.end()), b.keys());
        }
        // our own headings first: our "Load it" section repeats the earlier tool's sentence
        int[] region = knownSections(lines);
        if (region == null) {
            region = earlierToolCard(lines);
        }
        if (region != null) {
            String before = text.substring(0, region[0]).stripTrailing();
            String after = text.substring(region[1]).replaceFirst("^\\s*\\n", "");
            return new Merged(
                    (before.isEmpty() ? "" : before + "\n\n") + ours + (after.isEmpty() ? "" : "\n" + after),
                    List.of());
        }
        String kept = text.stripTrailing();
        if (kept.isEmpty()) {
            return new Merged(ours, List.of());
        }
        // a code block left open would swallow our sections, and hide the markers from the next merge
        Fence fence = new Fence();
        lines.forEach(l -> fence.accept(l.text));
        String closing = fence.closingLine().map(c -> "\n" + c).orElse("");
        return new Merged(kept + closing + "\n\n" + ours, List.of());
    }

    /**
     * The owned block of {@code body} (from the begin marker line through the end marker line,
     * line endings LF) and the front-matter keys its begin marker lists; empty when it has none.
     */
    static Optional<Owned> of(String body) {
        String text = MarkdownText.lines(body);
        return find(Line.split(text)).map(b -> new Owned(text.substring(b.start(), b.end()), b.keys()));
    }

    /** An owned block's text and the front-matter keys it records. */
    record Owned(String block, List<String> keys) {}

    /** Where the owned block lies in a body's text, and the keys its begin marker lists. */
    private record Block(int start, int end, List<String> keys) {}

    // the first begin marker and the first end marker after it, both outside fenced code
    private static Optional<Block> find(List<Line> lines) {
        int begin = -1;
        for (Line line : lines) {
            if (line.inCode) {
                continue;
            }
            if (begin < 0 && BEGIN_LINE.matcher(line.text).matches()) {
                begin = line.index;
            } else if (begin >= 0 && END_LINE.matcher(line.text).matches()) {
                Line first = lines.get(begin);
                return Optional.of(new Block(first.start, line.next, keys(BEGIN_LINE.matcher(first.text))));
            }
        }
        return Optional.empty();
    }

    private static List<String> keys(Matcher begin) {
        begin.matches();
        String encoded = begin.group(1);
        if (encoded == null || encoded.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(encoded.split(","))
                .map(k -> URLDecoder.decode(k, StandardCharsets.UTF_8))
                .toList();
    }

    // The earlier tool's card: its title, its fixed sentence, code blocks, the download line and
    // the "Paper(s):" list. Returns {start, end} offsets, or null.
    private static int[] earlierToolCard(List<Line> lines) {
        int sentence = indexOf(lines, 0, l -> !l.inCode && l.text.strip().equals(CardBody.EARLIER_TOOL_SENTENCE));
        if (sentence < 0) {
            return null;
        }
        int start = sentence;
        for (int i = sentence - 1; i >= 0 && (lines.get(i).text.isBlank() || isH1(lines.get(i))); i--) {
            if (isH1(lines.get(i))) {
                start = i;
                break;
            }
        }
        int end = nextHeading(lines, sentence + 1);
        int download =
                indexOf(lines, sentence, l -> !l.inCode && l.text.startsWith("If you would like to download the data"));
        if (download >= 0 && download < end) {
            int last = nextNonBlank(lines, download + 1, end);
            int papers = nextNonBlank(lines, last + 1, end);
            if (papers < end && lines.get(papers).text.strip().equals("Paper(s):")) {
                last = papers;
                for (int i = papers + 1; i < end && !lines.get(i).text.isBlank(); i++) {
                    last = i;
                }
            }
            end = Math.min(end, last + 1);
        }
        return new int[] {
            lines.get(start).start, end < lines.size() ? lines.get(end).start : lines.get(lines.size() - 1).next
        };
    }

    // Our known "## ..." sections in a card whose markers were removed: from the title right before
    // the first of them to the end of the run of ours that follows. Returns {start, end}, or null.
    private static int[] knownSections(List<Line> lines) {
        int first = indexOf(lines, 0, l -> !l.inCode && CardBody.HEADINGS.contains(l.text.strip()));
        if (first < 0) {
            return null;
        }
        int start = first;
        for (int i = first - 1; i >= 0; i--) {
            Line l = lines.get(i);
            if (!l.inCode && HEADING.matcher(l.text).matches()) {
                start = isH1(l) ? i : first;
                break;
            }
        }
        int end = first;
        while (end < lines.size()
                && CardBody.HEADINGS.contains(lines.get(end).text.strip())) {
            end = nextHeading(lines, end + 1);
        }
        return new int[] {
            lines.get(start).start, end < lines.size() ? lines.get(end).start : lines.get(lines.size() - 1).next
        };
    }

    private static boolean isH1(Line l) {
        Matcher m = HEADING.matcher(l.text);
        return !l.inCode && m.matches() && m.group(1).length() == 1;
    }

    private static int nextHeading(List<Line> lines, int from) {
        return indexOf(lines, from, l -> !l.inCode && HEADING.matcher(l.text).matches(), lines.size());
    }

    private static int nextNonBlank(List<Line> lines, int from, int limit) {
        int i = from;
        while (i < limit && lines.get(i).text.isBlank()) {
            i++;
        }
        return i;
    }

    private static int indexOf(List<Line> lines, int from, java.util.function.Predicate<Line> test) {
        return indexOf(lines, from, test, -1);
    }

    private static int indexOf(List<Line> lines, int from, java.util.function.Predicate<Line> test, int otherwise) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (test.test(lines.get(i))) {
                return i;
            }
        }
        return otherwise;
    }

    /** One line of the body: its text, where it starts, where the next starts, and if it is code. */
    private record Line(int index, String text, int start, int next, boolean inCode) {
        static List<Line> split(String text) {
            List<Line> out = new ArrayList<>();
            Fence fence = new Fence();
            int start = 0;
            while (start < text.length()) {
                int nl = text.indexOf('\n', start);
                int next = nl < 0 ? text.length() : nl + 1;
                String line = text.substring(start, nl < 0 ? text.length() : nl);
                out.add(new Line(out.size(), line, start, next, fence.accept(line)));
                start = next;
            }
            return out;
        }
    }
}
