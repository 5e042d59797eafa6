package gov.nersc.huggingnersc.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.Instantiatable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * JSON text to and from Jackson's trees with the streaming parser and generator alone. An
 * {@code ObjectMapper} costs a short command a good part of its start-up (its configuration, type
 * factory and date format load tens of milliseconds of classes and locale data), and reading or
 * writing a tree needs none of it. The trees are those {@code ObjectMapper.readTree} gives (ints,
 * longs, big integers, doubles; the last of duplicate keys wins) and the text is what its writer
 * gives.
 */
public final class JsonTrees {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /**
     * The JSON value of {@code text}; empty when the text holds none (only white space).
     *
     * @throws StreamReadException when the text is not JSON; its location says where
     */
    public static Optional<JsonNode> read(String text) throws StreamReadException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            return first == null ? Optional.empty() : Optional.of(value(p, first));
        } catch (StreamReadException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new UncheckedIOException("reading JSON from a string", ex);
        }
    }

    /** The value that starts at the token {@code first}, built without recursion (deep nesting is fine). */
    private static JsonNode value(JsonParser p, JsonToken first) throws IOException {
        if (!first.isStructStart()) {
            return scalar(p, first);
        }
        ContainerNode<?> root = first == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        open.push(root);
        while (!open.isEmpty()) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                open.pop();
                continue;
            }
            String field = null;
            if (t == JsonToken.FIELD_NAME) {
                field = p.currentName();
                t = p.nextToken();
            }
            JsonNode v = t.isStructStart()
                    ? (t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode())
                    : scalar(p, t);
            ContainerNode<?> parent = open.peek();
            if (parent instanceof ObjectNode o) {
                o.set(field, v);
            } else {
                ((ArrayNode) parent).add(v);
            }
            if (t.isStructStart()) {
                open.push((ContainerNode<?>) v);
            }
        }
        return root;
    }

    private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_NUMBER_INT ->
                switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            default -> throw new IllegalStateException("unexpected JSON token " + t);
        };
    }

    /**
     * The tree of a plain value, as an ObjectMapper would write it: maps with string keys,
     * collections, strings, booleans, ints, longs, doubles, big numbers, null and trees. Empty when
     * the value holds anything else (a record, a path, an enum), which only a mapper writes.
     */
    public static Optional<JsonNode> plain(Object value) {
        if (value == null) {
            return Optional.of(NODES.nullNode());
        }
        if (value instanceof JsonNode n) {
            return Optional.of(n);
        }
        if (value instanceof String s) {
            return Optional.of(NODES.textNode(s));
        }
        if (value instanceof Boolean b) {
            return Optional.of(NODES.booleanNode(b));
        }
        if (value instanceof Number n) {
            return number(n);
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Optional<JsonNode> v = plain(e.getValue());
                if (!(e.getKey() instanceof String key) || v.isEmpty()) {
                    return Optional.empty();
                }
                o.set(key, v.get());
            }
            return Optional.of(o);
        }
        if (value instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            for (Object element : c) {
                Optional<JsonNode> v = plain(element);
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                a.add(v.get());
            }
            return Optional.of(a);
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> number(Number n) {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return Optional.of(NODES.numberNode(n.intValue()));
        }
        if (n instanceof Long l) {
            return Optional.of(NODES.numberNode(l));
        }
        if (n instanceof Double d) {
            return Optional.of(NODES.numberNode(d));
        }
        if (n instanceof Float f) {
            return Optional.of(NODES.numberNode(f));
        }
        if (n instanceof BigInteger b) {
            return Optional.of(NODES.numberNode(b));
        }
        if (n instanceof BigDecimal b) {
            return Optional.of(NODES.numberNode(b));
        }
        return Optional.empty();
    }

    /**
     * The text of {@code node}, laid out by {@code printer} (or a fresh instance of it, as a writer of
     * Jackson's makes), without a final newline.
     */
    public static String write(JsonNode node, PrettyPrinter printer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(printer instanceof Instantiatable<?> i ? (PrettyPrinter) i.createInstance() : printer);
            write(g, node);
        } catch (IOException ex) {
            throw new UncheckedIOException("writing JSON to a string", ex);
        }
        return out.toString();
    }

    /** The text of {@code node} on one line, with no white space: a line of a JSON Lines file. */
    public static String compact(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, node);
        } catch (IOException ex) {
            throw new UncheckedIOException("writing JSON to a string", ex);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : n) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> writeNumber(g, n);
            default -> throw new IllegalArgumentException("not a JSON value: a " + n.getNodeType() + " node");
        }
    }

    private static void writeNumber(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.numberType()) {
            case INT -> g.writeNumber(n.intValue());
            case LONG -> g.writeNumber(n.longValue());
            case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
            case FLOAT -> g.writeNumber(n.floatValue());
            case DOUBLE -> g.writeNumber(n.doubleValue());
            case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
        }
    }
}
