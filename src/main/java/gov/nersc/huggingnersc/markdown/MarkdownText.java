package gov.nersc.huggingnersc.markdown;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts arbitrary user text into Markdown so that it stays text: titles, paths, link text, code.
 *
 * <p>Whatever the input, the output cannot open a block (heading, list, HTML, fence), cannot end
 * the line it is on, and cannot contain raw HTML. Used by the dataset card and the notebook.
 */
public final class MarkdownText {
    private MarkdownText() {}

    // ASCII punctuation that can start or shape Markdown inline or block syntax; '<', '>' and '&'
    // become entities instead, since HTML is what must never come through.
    private static final String BACKSLASHED = "\\`*_{}[]()#!|~";
    // these only start a block (list item, setext underline) at the beginning of a line
    private static final String BACKSLASHED_FIRST = "+-.=";
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\r\n\u0085\u2028\u2029]");
    private static final Pattern BACKTICK_RUN = Pattern.compile("`+");
    // an ATX heading, possibly inside block quotes or list items
    private static final Pattern ATX_HEADING =
            Pattern.compile("^((?: {0,3}(?:>|[-*+]|\\d{1,9}[.)])[ \\t]*)*)( {0,3})(#{1,6})(?=[ \\t]|$)");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");

    /**
     * Control characters other than tab and line breaks become U+FFFD, as a CommonMark renderer shows
     * a NUL: a raw NUL would make git and the Hub take the whole card for a binary file, and an
     * escape sequence would act on the terminal of whoever prints the file.
     */
    public static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** One line of inline text: line breaks become spaces, Markdown specials are escaped. */
    public static String inline(String text) {
        String oneLine = visible(LINE_BREAK.matcher(text).replaceAll(" "));
        StringBuilder out = new StringBuilder(oneLine.length() + 16);
        for (int i = 0; i < oneLine.length(); i++) {
            char c = oneLine.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> {
                    if (BACKSLASHED.indexOf(c) >= 0 || (i == 0 && BACKSLASHED_FIRST.indexOf(c) >= 0)) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** A code span showing {@code text} literally (line breaks become spaces). */
    public static String codeSpan(String text) {
        String oneLine = visible(LINE_BREAK.matcher(text).replaceAll(" "));
        if (oneLine.isEmpty()) {
            return "` `";
        }
        String ticks = "`".repeat(longestBacktickRun(oneLine) + 1);
        // a space on both sides keeps a leading or trailing backtick from joining the delimiter;
        // CommonMark strips exactly one such space on each side
        boolean pad = oneLine.startsWith("`")
                || oneLine.endsWith("`")
                || (oneLine.startsWith(" ") && oneLine.endsWith(" ") && !oneLine.isBlank());
        return pad ? ticks + " " + oneLine + " " + ticks : ticks + oneLine + ticks;
    }

    /**
     * A fenced code block showing {@code code} literally, tagged with {@code language} (may be
     * empty), fenced with more backticks than any run inside the code (at least three). Ends with a
     * line break.
     */
    public static String codeBlock(String code, String language) {
        String text = visible(lines(code));
        String fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
        String info = language.replaceAll("[^A-Za-z0-9_+.-]", "");
        StringBuilder out = new StringBuilder(text.length() + 32);
        out.append(fence).append(info).append('\n').append(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.append('\n');
        }
        return out.append(fence).append('\n').toString();
    }

    /**
     * A link to an http(s) URL with escaped text; anything else (javascript:, a bare word) is shown
     * as a code span instead, so a card never links where the user did not mean.
     */
    public static String link(String text, String url) {
        if (!isWebUrl(url)) {
            return codeSpan(url);
        }
        return "[" + inline(text) + "](" + encodeUrl(url) + ")";
    }

    /** True for an absolute http or https URL. */
    public static boolean isWebUrl(String url) {
        String u = url.strip().toLowerCase(Locale.ROOT);
        return (u.startsWith("https://") || u.startsWith("http://")) && u.length() > 8;
    }

    /**
     * User-written Markdown (a description), kept as Markdown but made unable to break the page
     * around it: raw HTML is escaped (outside code), headings are demoted below level 2 so none can
     * pose as a section of the card, a setext underline becomes a rule, and a code block left open
     * is closed. Ends with one line break (empty input gives "").
     */
    public static String userMarkdown(String markdown) {
        // leading blank lines and trailing space go; leading indentation may be meaningful
        String[] lines = visible(lines(markdown))
                .replaceFirst("^([ \t]*\n)+", "")
                .stripTrailing()
                .split("\n", -1);
        if (lines.length == 1 && lines[0].isEmpty()) {
            return "";
        }
        Fence fence = new Fence();
        StringBuilder out = new StringBuilder(markdown.length() + 64);
        boolean previousBlank = true;
        for (String line : lines) {
            if (fence.accept(line)) {
                out.append(line).append('\n');
                previousBlank = false;
                continue;
            }
            if (SETEXT_UNDERLINE.matcher(line).matches() && !previousBlank) {
                out.append('\n');
            }
            out.append(demoteHeading(escapeHtmlOutsideCodeSpans(line))).append('\n');
            previousBlank = line.isBlank();
        }
        fence.closingLine().ifPresent(close -> out.append(close).append('\n'));
        return out.toString();
    }

    private static String demoteHeading(String line) {
        Matcher m = ATX_HEADING.matcher(line);
        if (!m.find()) {
            return line;
        }
        String hashes = "#".repeat(Math.min(6, m.group(3).length() + 2));
        return m.group(1) + m.group(2) + hashes + line.substring(m.end());
    }

    // '<' starts every kind of raw HTML; inside a code span on the same line it is already literal.
    private static String escapeHtmlOutsideCodeSpans(String line) {
        StringBuilder out = new StringBuilder(line.length() + 8);
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '`') {
                int runEnd = i;
                while (runEnd < line.length() && line.charAt(runEnd) == '`') {
                    runEnd++;
                }
                int close = closingRun(line, runEnd, runEnd - i);
                int upTo = close < 0 ? runEnd : close;
                out.append(line, i, upTo);
                i = upTo;
            } else {
                out.append(c == '<' ? "&lt;" : String.valueOf(c));
                i++;
            }
        }
        return out.toString();
    }

    // the end of the next backtick run of exactly {@code length} from {@code from}, or -1
    private static int closingRun(String line, int from, int length) {
        Matcher m = BACKTICK_RUN.matcher(line);
        int at = from;
        while (m.find(at)) {
            if (m.end() - m.start() == length) {
                return m.end();
            }
            at = m.end();
        }
        return -1;
    }

    /** Text with CRLF and lone CR turned into LF, the only line ending this project writes. */
    public static String lines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** The length of the longest run of backticks in {@code text} (0 if none). */
    public static int longestBacktickRun(String text) {
        int longest = 0;
        Matcher m = BACKTICK_RUN.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.end() - m.start());
        }
        return longest;
    }

    // Percent-encodes what could end a link destination or break the line; the rest of the URL
    // (already-encoded parts included) is kept as given.
    private static String encodeUrl(String given) {
        String url = given.strip();
        StringBuilder out = new StringBuilder(url.length() + 8);
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20
                    || c == 0x7f
                    || "<>()\"'`\\[]".indexOf(c) >= 0
                    || Character.isWhitespace(c)
                    || Character.getType(c) == Character.CONTROL) {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
