package gov.nersc.huggingnersc.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader and writer give the trees and the text that Jackson's ObjectMapper gives. */
class JsonTreesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[]",
                "{\"a\": 1, \"b\": [true, false, null, \"x\"], \"c\": {\"d\": {}}}",
                "[0, -1, 2147483647, 2147483648, -2147483649, 9223372036854775807, 9223372036854775808]",
                "[1.5, -0.0, 1e10, 2.5E-3, 123456789012345678901234567890.5]",
                "\"\\u00e9t\\u00e9 \\ud83d\\ude00 \\n\\t\\\"\\\\\"",
                "{\"dup\": 1, \"other\": 2, \"dup\": 3}",
                "  42  ",
                "true",
                "null",
                "[[[[[]]]], {\"\": []}]",
                "{\"a\": 1} trailing tokens are ignored, as readTree ignores them"
            })
    void readsWhatReadTreeReads(String text) throws Exception {
        JsonNode expected = MAPPER.readTree(text);

        JsonNode actual = JsonTrees.read(text).orElseThrow();

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(JsonTrees.compact(actual)).isEqualTo(MAPPER.writeValueAsString(expected));
    }

    @Test
    void numbersKeepTheirKinds() throws Exception {
        JsonNode n =
                JsonTrees.read("[1, 4294967296, 18446744073709551616, 0.5]").orElseThrow();

        assertThat(n.get(0).isInt()).isTrue();
        assertThat(n.get(1).isLong()).isTrue();
        assertThat(n.get(2).bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551616"));
        assertThat(n.get(3).isDouble()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t"})
    void textWithoutAValueIsEmpty(String text) throws Exception {
        assertThat(JsonTrees.read(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": }", "{\n  \"a\": 1,\n  oops\n}", "[1, 2", "{\"a\" 1}", "nul"})
    void notJsonIsRefusedWhereReadTreeRefusesIt(String text) {
        JsonProcessingException expected =
                catchThrowableOfType(JsonProcessingException.class, () -> MAPPER.readTree(text));

        StreamReadException actual = catchThrowableOfType(StreamReadException.class, () -> JsonTrees.read(text));

        assertThat(actual).isNotNull();
        assertThat(actual.getLocation().getLineNr())
                .isEqualTo(expected.getLocation().getLineNr());
        assertThat(actual.getLocation().getColumnNr())
                .isEqualTo(expected.getLocation().getColumnNr());
    }

    @Test
    void anyTreeReadsBackAndWritesAsTheMapperWritesIt() {
        DefaultPrettyPrinter layout = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            JsonNode tree = randomTree(new Random(seed), 0);
            try {
                String pretty = MAPPER.writer(layout).writeValueAsString(tree);
                assertThat(JsonTrees.write(tree, layout)).isEqualTo(pretty);
                assertThat(JsonTrees.compact(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
                assertThat(JsonTrees.read(pretty).orElseThrow()).isEqualTo(MAPPER.readTree(pretty));
            } catch (JsonProcessingException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Maps, lists and scalars, as the CLI's --json prints them, come out as the mapper writes them. */
    @Test
    void plainValuesWriteAsTheMapperWritesThem() {
        ObjectMapper indented = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Object value = MAPPER.convertValue(randomTree(new Random(seed), 0), Object.class);
            try {
                JsonNode tree = JsonTrees.plain(value).orElseThrow();
                assertThat(JsonTrees.write(tree, new DefaultPrettyPrinter()))
                        .isEqualTo(indented.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new AssertionError(e);
            }
        });
        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("n", (short) 3);
        mixed.put("f", 1.5f);
        mixed.put("none", null);
        mixed.put("set", new TreeSet<>(List.of("b", "a")));
        mixed.put("tree", NODES.objectNode().put("x", 1));
        assertThat(JsonTrees.plain(mixed).map(JsonTrees::compact))
                .contains("{\"n\":3,\"f\":1.5,\"none\":null,\"set\":[\"a\",\"b\"],\"tree\":{\"x\":1}}");
    }

    @Test
    void valuesOnlyAMapperWritesAreNotPlain() {
        assertThat(JsonTrees.plain(Path.of("/a"))).isEmpty();
        assertThat(JsonTrees.plain(Map.of("when", Instant.EPOCH))).isEmpty();
        assertThat(JsonTrees.plain(List.of(1, Thread.State.NEW))).isEmpty();
        assertThat(JsonTrees.plain(Map.of(1, "a key that is not a string"))).isEmpty();
    }

    @Test
    void deepNestingWithinTheParsersLimitReads() throws Exception {
        String text = "[".repeat(900) + "]".repeat(900);

        assertThat(JsonTrees.read(text).orElseThrow()).isEqualTo(MAPPER.readTree(text));
    }

    private static JsonNode randomTree(Random r, int depth) {
        int kind = depth >= 4 ? r.nextInt(7) : r.nextInt(9);
        return switch (kind) {
            case 0 -> NODES.textNode(randomText(r));
            case 1 -> NODES.numberNode(r.nextInt());
            case 2 -> NODES.numberNode(r.nextLong());
            case 3 -> NODES.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 4 -> NODES.numberNode(BigInteger.valueOf(r.nextLong()).shiftLeft(70));
            case 5 -> r.nextBoolean() ? NODES.booleanNode(r.nextBoolean()) : NODES.nullNode();
            case 6 -> NODES.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(10)));
            case 7 -> {
                ObjectNode o = NODES.objectNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    o.set(randomText(r), randomTree(r, depth + 1));
                }
                yield o;
            }
            default -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    a.add(randomTree(r, depth + 1));
                }
                yield a;
            }
        };
    }

    private static String randomText(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            b.appendCodePoint(r.nextInt(4) == 0 ? r.nextInt(0x20) : 0x20 + r.nextInt(0x2FFF));
        }
        return b.toString();
    }
}
