package gov.nersc.huggingnersc.errors;

/** How a value the user gave, or a count, appears in a one-line message. */
public final class MessageText {
    private MessageText() {}

    /**
     * A count and its noun, plural unless the count is one, with thousands separated: {@code 1 file},
     * {@code 0 files}, {@code 12,345 data files}.
     */
    public static String count(long n, String noun) {
        return grouped(n) + " " + (n == 1 ? noun : noun + "s");
    }

    /**
     * The digits of {@code n} in groups of three, as {@code %,d} gives them in the root locale, without
     * a Formatter's locale data (a short command's start-up).
     */
    static String grouped(long n) {
        String digits = Long.toString(n);
        int sign = n < 0 ? 1 : 0;
        StringBuilder b = new StringBuilder(digits.length() + digits.length() / 3);
        b.append(digits, 0, sign);
        for (int i = sign; i < digits.length(); i++) {
            if (i > sign && (digits.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(digits.charAt(i));
        }
        return b.toString();
    }

    /** The text in single quotes, on one line. */
    public static String quoted(String text) {
        return "'" + oneLine(text) + "'";
    }

    /**
     * The text with line breaks, tabs and other control characters written as escapes ({@code \n},
     * {@code \t}, {@code \u001b}), so that they cannot break the one-line message or drive the terminal.
     */
    public static String oneLine(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** True for a control character, or a Unicode line or paragraph separator. */
    public static boolean isControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
