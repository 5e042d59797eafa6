package gov.nersc.huggingnersc.notebook;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.markdown.MarkdownText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The loader notebook {@code <nickname>_dataloader.ipynb}: nbformat 4.5, a title-and-location
 * markdown cell and the loader as a code cell, on the "NERSC Python" kernel.
 *
 * <p>Written as Jupyter writes notebooks (keys sorted, one-space indent, source as a list of lines),
 * with cell ids derived from the cells' content, so rendering the same input twice gives the same
 * bytes.
 */
public final class LoaderNotebook {
    private LoaderNotebook() {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * The notebook's JSON text (ending with a line break).
     *
     * @param officialName the dataset's name, for the title
     * @param nickname the catalog nickname
     * @param dataPath where the data lives at NERSC, if the entry records it
     * @param downloadLink the public download link, if any
     * @param loaderCode the loader script, which becomes the code cell
     */
    public static String render(
            String officialName,
            String nickname,
            Optional<String> dataPath,
            Optional<String> downloadLink,
            String loaderCode) {
        String intro = "# " + MarkdownText.inline(officialName) + " Data Loader\n\n"
                + "The data of " + MarkdownText.codeSpan(nickname) + " lives at NERSC"
                + dataPath.map(p -> " in " + MarkdownText.codeSpan(p)).orElse(" (its path is not recorded yet)")
                + ".\n\n"
                + downloadLink
                        .map(url -> "Public download: " + MarkdownText.link(url, url) + ".")
                        .orElse("It is not public: it can be read at NERSC only.")
                + "\n\nRun the cell below to load it.";
        ArrayNode cells = JSON.arrayNode();
        cells.add(cell(0, "markdown", intro));
        ObjectNode code = cell(1, "code", MarkdownText.lines(loaderCode).replaceFirst("\\n+$", ""));
        code.putNull("execution_count");
        code.set("outputs", JSON.arrayNode());
        cells.add(code);

        ObjectNode nb = JSON.objectNode();
        nb.set("cells", cells);
        ObjectNode metadata = nb.putObject("metadata");
        metadata.putObject("kernelspec")
                .put("display_name", "NERSC Python")
                .put("language", "python")
                .put("name", "python3");
        metadata.putObject("language_info").put("name", "python");
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        try {
            // nodes keep insertion order; sort through a Map so keys come out as Jupyter sorts them
            Object sorted = MAPPER.treeToValue(nb, Object.class);
            return MAPPER.writer(new JupyterPrinter()).writeValueAsString(sorted) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notebook built in memory could not be written", e);
        }
    }

    private static ObjectNode cell(int index, String type, String source) {
        ObjectNode cell = JSON.objectNode();
        cell.put("cell_type", type);
        cell.put("id", cellId(index, type, source));
        cell.putObject("metadata");
        ArrayNode lines = cell.putArray("source");
        int start = 0;
        while (start < source.length()) {
            int nl = source.indexOf('\n', start);
            int end = nl < 0 ? source.length() : nl + 1;
            lines.add(source.substring(start, end));
            start = end;
        }
        return cell;
    }

    // nbformat allows [a-zA-Z0-9-_]{1,64}; a hash of position and content is stable across renders
    private static String cellId(int index, String type, String source) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((index + "\n" + type + "\n" + source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Python's {@code json.dumps(indent=1)}: "key": value, and [] / {} when empty. */
    private static final class JupyterPrinter extends DefaultPrettyPrinter {
        JupyterPrinter() {
            super(DefaultPrettyPrinter.DEFAULT_ROOT_VALUE_SEPARATOR);
            withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
            _objectIndenter = indenter;
            _arrayIndenter = indenter;
            _objectFieldValueSeparatorWithSpaces = ": ";
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new JupyterPrinter();
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            if (nrOfEntries == 0) {
                --_nesting;
                g.writeRaw('}');
            } else {
                super.writeEndObject(g, nrOfEntries);
            }
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues == 0) {
                --_nesting;
                g.writeRaw(']');
            } else {
                super.writeEndArray(g, nrOfValues);
            }
        }
    }
}
