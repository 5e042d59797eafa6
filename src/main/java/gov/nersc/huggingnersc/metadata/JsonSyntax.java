package gov.nersc.huggingnersc.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import gov.nersc.huggingnersc.api.Problem;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Says what is wrong with malformed JSON in the words of someone who edits it by hand. */
final class JsonSyntax {
    private static final Pattern UNEXPECTED = Pattern.compile("^Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("^Unrecognized token '(.*?)'");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'");

    private JsonSyntax() {}

    static String explain(JsonProcessingException e) {
        String raw = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String first = raw.lines().findFirst().orElse("").strip();
        Matcher m;
        if ((m = DUPLICATE.matcher(first)).find()) {
            return "key " + Problem.show(m.group(1)) + " appears";
        }
        if (first.startsWith("Unexpected end-of-input")) {
            return "the file ends before the JSON does (a missing }, ] or \"?)";
        }
        if (first.contains("Illegal unquoted character") && first.contains("CTRL-CHAR, code 10")) {
            return "a line break inside a string; write it as \\n";
        }
        if (first.contains("Illegal unquoted character")) {
            return "a control character (such as a tab) inside a string; write it as \\t or \\uXXXX";
        }
        if (first.startsWith("Trailing token")) {
            return "more text after the end of the JSON object";
        }
        if ((m = TOKEN.matcher(first)).find()) {
            return Problem.show(m.group(1)) + " is not a JSON value (strings need double quotes; true, false and null"
                    + " are lower case)";
        }
        if ((m = UNEXPECTED.matcher(first)).find()) {
            String c = m.group(1);
            if (first.contains("double-quote to start field name")) {
                return "}".equals(c)
                        ? "a comma before } (JSON allows no trailing comma)"
                        : "'".equals(c)
                                ? "a key in single quotes; JSON needs double quotes"
                                : "a key without double quotes";
            }
            if ("]".equals(c)) {
                return "a comma before ] (JSON allows no trailing comma), or a missing value";
            }
            if ("'".equals(c)) {
                return "a string in single quotes; JSON needs double quotes";
            }
            if ("/".equals(c) || "#".equals(c)) {
                return "a comment; JSON allows no comments";
            }
            if (first.contains("comma to separate")) {
                return "a missing comma before '" + c + "'";
            }
            if (first.contains("colon to separate")) {
                return "a missing ':' between a key and its value";
            }
            return "unexpected '" + c + "'";
        }
        // Jackson's own words, without its source excerpt and character codes
        return first.replaceAll(" \\(code \\d+\\)", "");
    }
}
