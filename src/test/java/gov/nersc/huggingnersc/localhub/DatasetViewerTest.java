package gov.nersc.huggingnersc.localhub;

import static gov.nersc.huggingnersc.localhub.HubHttp.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The data viewer on a dataset page: what a reader sees of the default config's first rows. */
class DatasetViewerTest extends HubPerTest {
    static final String REPO = "nersc/viewer";

    /** The viewer section of the dataset page, or null when the page has none. */
    private Viewer viewer(List<Map<String, Object>> ops) {
        http.publish(REPO, false, ops);
        HubHttp.Answer a = http.page("/datasets/" + REPO, false);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return Viewer.of(a.text());
    }

    private static Map<String, Object> card(String frontMatter) {
        return file("README.md", "---\n" + frontMatter + "---\n# The data\n");
    }

    static final String DEFAULT_TRAIN = """
      configs:
      - config_name: default
        data_files:
        - split: train
          path: data/train.csv
      """;

    @Test
    void aCsvShowsItsHeaderAndRowsInOrderWithQuotedFieldsWhole() {
        Viewer v = viewer(List.of(
                card(DEFAULT_TRAIN),
                file(
                        "data/train.csv",
                        "name,comment,value\r\nalpha,\"hello, world\",1\r\n\r\nbeta,\"say \"\"hi\"\"\nand bye\",\n")));

        assertThat(v.meta).isEqualTo("Subset default · Split train · data/train.csv");
        assertThat(v.html).contains("href=\"/datasets/nersc/viewer/resolve/main/data/train.csv\"");
        assertThat(v.columns).containsExactly("name", "comment", "value");
        assertThat(v.rows)
                .containsExactly(List.of("alpha", "hello, world", "1"), List.of("beta", "say \"hi\"\nand bye", "null"));
        assertThat(v.message).isNull();
    }

    @Test
    void theConfigMarkedDefaultWinsAndATsvIsSplitAtTabs() {
        Viewer v = viewer(List.of(card("""
        configs:
        - config_name: default
          data_files: other.csv
        - config_name: measurements
          default: true
          data_files:
          - split: test
            path: [data/test.tsv, data/more.tsv]
        """), file("other.csv", "x\n1\n"), file("data/test.tsv", "a\tb,c\n1\t2,3\n")));

        assertThat(v.meta).isEqualTo("Subset measurements · Split test · data/test.tsv");
        assertThat(v.columns).containsExactly("a", "b,c");
        assertThat(v.rows).containsExactly(List.of("1", "2,3"));
    }

    @Test
    void aSepInTheConfigSplitsACsv() {
        Viewer v = viewer(List.of(card(DEFAULT_TRAIN + "  sep: \";\"\n"), file("data/train.csv", "a;b\n1,5;2\n")));
        assertThat(v.columns).containsExactly("a", "b");
        assertThat(v.rows).containsExactly(List.of("1,5", "2"));
    }

    @Test
    void jsonLinesShowTheUnionOfKeysInOrderOfFirstAppearance() {
        Viewer v = viewer(List.of(
                card("""
        configs:
        - config_name: default
          data_files: "*.jsonl"
        """),
                file(
                        "events.jsonl",
                        "{\"a\": 1, \"b\": \"x\"}\n\n{\"b\": \"y\", \"c\": [1, {\"d\": true}]}\n{\"a\": null}\n")));

        assertThat(v.meta).isEqualTo("Subset default · Split train · events.jsonl");
        assertThat(v.columns).containsExactly("a", "b", "c");
        assertThat(v.rows)
                .containsExactly(
                        List.of("1", "x", "null"),
                        List.of("null", "y", "[1,{\"d\":true}]"),
                        List.of("null", "null", "null"));
    }

    @Test
    void aGlobIsResolvedAgainstTheRepoTreeSkippingHiddenFolders() {
        Viewer v = viewer(List.of(
                card("""
        configs:
        - config_name: default
          data_files:
          - split: train
            path: data/**/*.csv
        """),
                file("data/z.csv", "z\n1\n"),
                file("data/2024/part-0.csv", "year\n2024\n"),
                file("data/.cache/0.csv", "hidden\nyes\n"),
                file("0.csv", "top\nno\n")));

        assertThat(v.meta).endsWith(" · data/2024/part-0.csv");
        assertThat(v.rows).containsExactly(List.of("2024"));
    }

    @Test
    void anLfsStoredCsvIsReadFromTheLfsStore() {
        http.createRepo(REPO, false);
        Map<String, Object> csv =
                http.lfsFile(REPO, "data/train.csv", "id,label\n7,cat\n8,dog\n".getBytes(StandardCharsets.UTF_8));
        HubHttp.Answer c = http.commit(REPO, "main", Map.of("summary", "data"), List.of(card(DEFAULT_TRAIN), csv));
        assertThat(c.status()).as(c.toString()).isEqualTo(200);
        assertThat(http.get("/datasets/" + REPO + "/raw/main/data/train.csv").text())
                .startsWith("version https://git-lfs");

        Viewer v = Viewer.of(http.page("/datasets/" + REPO, false).text());
        assertThat(v.columns).containsExactly("id", "label");
        assertThat(v.rows).containsExactly(List.of("7", "cat"), List.of("8", "dog"));
    }

    @Test
    void cellsAndColumnNamesAreTextNeverMarkup() {
        Viewer v = viewer(
                List.of(
                        card(DEFAULT_TRAIN),
                        file(
                                "data/train.csv",
                                "\"<img src=x onerror=alert(1)>\",b\n<script>alert(2)</script>,\"</td></tr></table><script>alert(3)</script>\"\n")));

        assertThat(v.columns).containsExactly("<img src=x onerror=alert(1)>", "b");
        assertThat(v.rows)
                .containsExactly(List.of("<script>alert(2)</script>", "</td></tr></table><script>alert(3)</script>"));
        assertThat(v.html).doesNotContain("<script").doesNotContain("<img").doesNotContain("</td></tr></table><script");
    }

    @Test
    void theViewerShowsTenRowsTwentyColumnsAndShortensLongCells() {
        StringBuilder csv = new StringBuilder();
        for (int row = 0; row <= 15; row++) {
            List<String> cells = new ArrayList<>();
            for (int col = 0; col < 25; col++) {
                cells.add(row == 0 ? "c" + col : row == 1 && col == 0 ? "x".repeat(500) : row + "." + col);
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        Viewer v = viewer(List.of(card(DEFAULT_TRAIN), file("data/train.csv", csv.toString())));

        assertThat(v.columns).hasSize(20).startsWith("c0", "c1").endsWith("c19");
        assertThat(v.rows).hasSize(10);
        assertThat(v.rows.get(0).get(0)).isEqualTo("x".repeat(200) + "…");
        assertThat(v.rows.get(9)).hasSize(20).startsWith("10.0").endsWith("10.19");
        assertThat(v.note).isEqualTo("The first 10 rows; the first 20 of 25 columns.");
    }

    @Test
    void aCardWithViewerFalseSaysTheViewerIsDisabledAndShowsNoRows() {
        Viewer v = viewer(List.of(card("viewer: false\n" + DEFAULT_TRAIN), file("data/train.csv", "a\n1\n")));
        assertThat(v.message).isEqualTo("The dataset viewer is disabled for this dataset");
        assertThat(v.columns).isEmpty();
        assertThat(v.rows).isEmpty();
    }

    @Test
    void aCardWithoutConfigsHasNoViewer() {
        http.publish(REPO, false, List.of(card("license: mit\n"), file("data/train.csv", "a\n1\n")));
        HubHttp.Answer a = http.page("/datasets/" + REPO, false);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.text()).contains("The data");
        assertThat(Viewer.of(a.text())).isNull();
    }

    @Test
    void formatsTheViewerCannotReadGetAMessage() {
        Viewer v = viewer(
                List.of(card(DEFAULT_TRAIN.replace("train.csv", "train.parquet")), file("data/train.parquet", "PAR1")));
        assertThat(v.meta).isEqualTo("Subset default · Split train · data/train.parquet");
        assertThat(v.message).isEqualTo("Preview not available for this format");
        assertThat(v.rows).isEmpty();
    }

    @Test
    void aMalformedFileShowsWhatIsWrongAndThePageStillRenders() {
        Viewer jsonl = viewer(List.of(
                card(DEFAULT_TRAIN.replace("train.csv", "train.jsonl")),
                file("data/train.jsonl", "{\"a\": 1}\n{\"a\": \n")));
        assertThat(jsonl.message).startsWith("Preview not available: data/train.jsonl: line 2 is not valid JSON");
    }

    @Test
    void aCsvRowWithMoreFieldsThanTheHeaderIsReportedWithItsLine() {
        Viewer v = viewer(List.of(card(DEFAULT_TRAIN), file("data/train.csv", "a,b\n1,2\n1,2,3\n")));
        assertThat(v.message)
                .isEqualTo("Preview not available: data/train.csv: line 3 has 3 fields, but the header has 2");
        assertThat(v.rows).isEmpty();
    }

    @Test
    void malformedConfigsShowAMessageAndThePageStillRenders() {
        Viewer v = viewer(List.of(
                card("configs:\n- config_name: default\n  data_files: {train: 5}\n"),
                file("data/train.csv", "a\n1\n")));
        assertThat(v.message).startsWith("Preview not available: the card's config 'default' has no data_files");
    }

    @Test
    void noFileOrCardBreaksThePage() {
        List<List<String>> cases = List.of(
                List.of(DEFAULT_TRAIN, "data/train.csv", ""),
                List.of(DEFAULT_TRAIN, "data/train.csv", "a,b\n\"never closed,1\n"),
                List.of(DEFAULT_TRAIN, "data/train.csv", "\uFEFFa\r1\r\u0000\ud800\r"),
                List.of(DEFAULT_TRAIN.replace(".csv", ".jsonl"), "data/train.jsonl", "[1, 2]\n"),
                List.of(DEFAULT_TRAIN.replace(".csv", ".jsonl"), "data/train.jsonl", "\n"),
                List.of(DEFAULT_TRAIN, "data/train.csv", "a,b\n"),
                List.of("configs: 5\n", "data/train.csv", "a\n1\n"),
                List.of(
                        "configs:\n- config_name: default\n  data_files: [{split: train, path: [1, 2]}]\n",
                        "a.csv",
                        "a\n"),
                List.of(DEFAULT_TRAIN + "  sep: \"::\"\n", "data/train.csv", "a::b\n"));
        for (int i = 0; i < cases.size(); i++) {
            String id = "nersc/case" + i;
            List<String> c = cases.get(i);
            http.publish(id, false, List.of(card(c.get(0)), file(c.get(1), c.get(2))));
            HubHttp.Answer a = http.page("/datasets/" + id, false);
            assertThat(a.status()).as(c.toString()).isEqualTo(200);
            Viewer v = Viewer.of(a.text());
            assertThat(v).as(c.toString()).isNotNull();
            assertThat(v.message == null ? v.note : v.message).as(c.toString()).isNotBlank();
        }
        assertThat(Viewer.of(http.page("/datasets/nersc/case1", false).text()).message)
                .isEqualTo(
                        "Preview not available: data/train.csv: a quoted field of the row that starts on line 2 is never closed");
        assertThat(Viewer.of(http.page("/datasets/nersc/case3", false).text()).message)
                .isEqualTo(
                        "Preview not available: data/train.jsonl: line 1 is not a JSON object; each line must hold one");
        Viewer headerOnly = Viewer.of(http.page("/datasets/nersc/case5", false).text());
        assertThat(headerOnly.columns).containsExactly("a", "b");
        assertThat(headerOnly.note).isEqualTo("No rows.");
    }

    @Test
    void aDataFilesPatternMatchingNothingSaysSo() {
        Viewer v = viewer(
                List.of(card(DEFAULT_TRAIN.replace("data/train.csv", "data/*.csv")), file("train.csv", "a\n1\n")));
        assertThat(v.message).isEqualTo("Preview not available: no file of the repo matches data/*.csv");
    }

    @Test
    void onlyTheStartOfABigFileIsRead() {
        String header = "h".repeat(300 << 10);
        Viewer v = viewer(List.of(card(DEFAULT_TRAIN), file("data/train.csv", header + "\n1\n")));
        assertThat(v.message)
                .isEqualTo("Preview not available: the first line of data/train.csv is longer than 256 KiB");
    }

    /** What a reader sees of the viewer: its line about the file, the table's cells, its notes. */
    record Viewer(
            String html, String meta, List<String> columns, List<List<String>> rows, String message, String note) {
        static Viewer of(String page) {
            Matcher section = Pattern.compile("<section class=\"viewer\">(.*?)</section>", Pattern.DOTALL)
                    .matcher(page);
            if (!section.find()) {
                return null;
            }
            String html = section.group(1);
            List<String> columns = texts("th", html);
            List<List<String>> rows = new ArrayList<>();
            Matcher tr = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL)
                    .matcher(html.replaceFirst("(?s)<thead>.*?</thead>", ""));
            while (tr.find()) {
                rows.add(texts("td", tr.group(1)));
            }
            List<String> paragraphs = texts("p", html);
            Matcher message = Pattern.compile("<p class=\"viewer-message\">(.*?)</p>", Pattern.DOTALL)
                    .matcher(html);
            return new Viewer(
                    html,
                    starting(paragraphs, "Subset "),
                    columns,
                    rows,
                    message.find() ? text(message.group(1)) : null,
                    Optional.ofNullable(starting(paragraphs, "The first ")).orElse(starting(paragraphs, "No rows")));
        }

        private static String starting(List<String> paragraphs, String start) {
            return paragraphs.stream()
                    .filter(p -> p.startsWith(start))
                    .findFirst()
                    .orElse(null);
        }

        private static List<String> texts(String tag, String html) {
            List<String> out = new ArrayList<>();
            Matcher m = Pattern.compile("<" + tag + "(?: [^>]*)?>(.*?)</" + tag + ">", Pattern.DOTALL)
                    .matcher(html);
            while (m.find()) {
                out.add(text(m.group(1)));
            }
            return out;
        }

        /** Text as a browser shows it: tags dropped, the escapes the pages use undone. */
        private static String text(String html) {
            String t = html.replaceAll("<[^>]*>", "");
            for (String[] e : Arrays.asList(
                    new String[] {"&lt;", "<"},
                    new String[] {"&gt;", ">"},
                    new String[] {"&quot;", "\""},
                    new String[] {"&#39;", "'"},
                    new String[] {"&amp;", "&"})) {
                t = t.replace(e[0], e[1]);
            }
            return t;
        }
    }
}
