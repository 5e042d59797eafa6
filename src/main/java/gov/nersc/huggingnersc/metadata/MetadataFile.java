package gov.nersc.huggingnersc.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.api.Problem;
import gov.nersc.huggingnersc.api.ValidationReport;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.StrictText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads a metadata JSON file and validates it: the one way a {@link Metadata} comes from a file.
 * Every problem with the file itself (missing, a directory, unreadable, empty, not UTF-8, malformed
 * JSON) is reported like a problem with its content: one line naming the file.
 */
public final class MetadataFile {
    /** Metadata files are small; anything larger is almost certainly the data given by mistake. */
    static final long MAX_BYTES = 10L * 1024 * 1024;

    private static final String WHAT = "a UTF-8 JSON object with datacard_tags and other_info";

    // The earlier tool (Python's json) let the last of two equal keys win; so do we, with a warning.
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private MetadataFile() {}

    /**
     * Reads and validates a metadata file.
     *
     * @param file the metadata JSON file
     * @param expectedNickname the NICKNAME argument that {@code other_info.nickname}, if present, must
     *     equal; {@code null} when there is none
     * @return the metadata
     * @throws InvalidInputException listing every problem, when the file is not valid metadata
     * @throws OperationFailedException when the file system fails (not the user's input)
     */
    public static Metadata read(Path file, String expectedNickname) {
        return read(file, expectedNickname, warning -> {});
    }

    /**
     * Reads and validates a metadata file, handing each warning (unknown keys, papers that are not
     * links) to {@code warnings}.
     *
     * @see #read(Path, String)
     */
    public static Metadata read(Path file, String expectedNickname, Consumer<Problem> warnings) {
        Parsed parsed = parse(file);
        ValidationReport report = parsed.document == null
                ? new ValidationReport(file.toString(), parsed.problems, parsed.warnings)
                : merge(parsed, MetadataValidator.validate(parsed.document, file.toString(), expectedNickname));
        report.warnings().forEach(warnings);
        if (!report.valid()) {
            throw new InvalidInputException(report.problemMessages());
        }
        return new Metadata((ObjectNode) parsed.document);
    }

    /**
     * Reads and validates a metadata file without throwing for bad input: every problem is in the
     * report.
     *
     * @throws OperationFailedException when the file system fails (not the user's input)
     */
    public static ValidationReport check(Path file, String expectedNickname) {
        Parsed parsed = parse(file);
        if (parsed.document == null) {
            return new ValidationReport(file.toString(), parsed.problems, parsed.warnings);
        }
        return merge(parsed, MetadataValidator.validate(parsed.document, file.toString(), expectedNickname));
    }

    private static ValidationReport merge(Parsed parsed, ValidationReport report) {
        List<Problem> warnings = new ArrayList<>(parsed.warnings);
        warnings.addAll(report.warnings());
        return new ValidationReport(report.file(), report.problems(), warnings);
    }

    /** The document, or the one problem that kept it from being read. */
    private record Parsed(JsonNode document, List<Problem> problems, List<Problem> warnings) {
        static Parsed failed(Path file, String detail, String allowed, String suggestion) {
            return new Parsed(
                    null, List.of(Problem.of(file.toString(), "", null, detail, allowed, suggestion)), List.of());
        }
    }

    private static Parsed parse(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            return Parsed.failed(file, "no such file", "the path of a metadata JSON file", null);
        }
        if (Files.isDirectory(file)) {
            return Parsed.failed(
                    file, "is a directory, not a file", "the path of a metadata JSON file", metadataFileIn(file));
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                return Parsed.failed(
                        file,
                        "is " + Files.size(file) / (1024 * 1024) + " MB, too large for a metadata file",
                        "up to " + MAX_BYTES / (1024 * 1024) + " MB",
                        null);
            }
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            return Parsed.failed(file, "cannot be read (permission denied)", "a file you can read", null);
        } catch (IOException e) {
            throw new OperationFailedException(name + ": cannot be read: " + e.getMessage(), e);
        }
        String text;
        try {
            text = utf8(bytes);
        } catch (NotUtf8 e) {
            return Parsed.failed(
                    file,
                    "is not UTF-8 text (byte 0x" + String.format("%02X", e.badByte) + " at line " + e.line + ", column "
                            + e.column + ")",
                    WHAT + " (save the file as UTF-8)",
                    null);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            return Parsed.failed(file, "is empty", WHAT, null);
        }
        try {
            return withoutBrokenText(file, new Parsed(STRICT.readTree(text), List.of(), List.of()));
        } catch (StreamConstraintsException e) {
            return beyondLimits(file, e);
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                return duplicateKey(file, text, e);
            }
            return Parsed.failed(file, "malformed JSON at " + where(e) + ": " + JsonSyntax.explain(e), WHAT, null);
        }
    }

    /** A document past Jackson's limits, in the words of someone who edits it, not Jackson's. */
    private static Parsed beyondLimits(Path file, StreamConstraintsException e) {
        StreamReadConstraints limits = StreamReadConstraints.defaults();
        String raw = String.valueOf(e.getOriginalMessage());
        if (raw.contains("nesting depth")) {
            return Parsed.failed(
                    file,
                    "objects and lists are nested deeper than " + limits.getMaxNestingDepth() + " levels",
                    WHAT + ", nested at most " + limits.getMaxNestingDepth() + " levels deep",
                    null);
        }
        if (raw.contains("Number value length")) {
            return Parsed.failed(
                    file,
                    "holds a number longer than " + limits.getMaxNumberLength() + " digits",
                    WHAT + ", its numbers at most " + limits.getMaxNumberLength() + " digits long",
                    null);
        }
        return Parsed.failed(file, "is too large to read: " + raw.replaceAll(" \\(\\d+, from `.*`\\)", ""), WHAT, null);
    }

    private static Parsed duplicateKey(Path file, String text, JsonProcessingException duplicate) {
        try {
            JsonNode document = LENIENT.readTree(text);
            Problem warning = Problem.of(
                    file.toString(),
                    "",
                    null,
                    where(duplicate) + ": " + JsonSyntax.explain(duplicate) + " twice; the last value is used",
                    null,
                    null);
            return withoutBrokenText(file, new Parsed(document, List.of(), List.of(warning)));
        } catch (StreamConstraintsException e) {
            return beyondLimits(file, e);
        } catch (JsonProcessingException e) {
            return Parsed.failed(file, "malformed JSON at " + where(e) + ": " + JsonSyntax.explain(e), WHAT, null);
        }
    }

    /**
     * Refuses a document with an escaped lone surrogate ({@code "\\ud800"}): JSON allows it, but it
     * is no character, and written as UTF-8 it would silently turn into '?'.
     */
    private static Parsed withoutBrokenText(Path file, Parsed parsed) {
        String pointer = loneSurrogate(parsed.document, "");
        if (pointer == null) {
            return parsed;
        }
        return new Parsed(
                null,
                List.of(Problem.of(
                        file.toString(),
                        pointer,
                        null,
                        "holds an unpaired UTF-16 surrogate escape (\\ud800-\\udfff alone), which is not a character",
                        "text of whole Unicode characters",
                        null)),
                List.of());
    }

    private static String loneSurrogate(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return hasLoneSurrogate(node.textValue()) ? pointer : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = loneSurrogate(node.get(i), pointer + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            String at = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
            if (hasLoneSurrogate(e.getKey())) {
                return at;
            }
            String found = loneSurrogate(e.getValue(), at);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? "an unknown place"
                : "line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }

    /** A metadata file inside a directory given by mistake, or null. */
    private static String metadataFileIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("metadata.json") && Files.isRegularFile(f))
                    .map(Path::toString)
                    .sorted()
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String utf8(byte[] bytes) throws NotUtf8 {
        try {
            return StrictText.decode(bytes);
        } catch (StrictText.NotUtf8 e) {
            throw new NotUtf8(bytes, e.offset());
        }
    }

    /** Where the first byte that is not UTF-8 is. */
    private static final class NotUtf8 extends Exception {
        private static final long serialVersionUID = 1L;
        final int badByte;
        final int line;
        final int column;

        NotUtf8(byte[] bytes, int offset) {
            super(null, null, false, false);
            badByte = bytes[offset] & 0xFF;
            int l = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    l++;
                    lineStart = i + 1;
                }
            }
            line = l;
            column = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8).length() + 1;
        }
    }
}
