package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text chosen to make a backtracking regex or glob matcher run for minutes: a card line of
 * thousands of backticks, {@code .gitattributes} and {@code .gitignore} patterns of many stars, a
 * card's {@code data_files} glob of many stars. Each request is answered within seconds.
 */
class CostlyInputsTest {
    /** Far above what these requests take now, far below the minutes they took. */
    private static final Duration QUICK = Duration.ofSeconds(10);

    private static final String STARS = "************x";
    /** A long file name the stars can be spread over in many ways, none of which ends in x. */
    private static final String LONG_NAME = "a".repeat(900);

    @TempDir
    static Path dir;

    static LocalHub hub;
    static HubHttp http;

    @BeforeAll
    static void start() throws Exception {
        hub = LocalHub.start(dir, LocalHub.Options.defaults());
        http = new HubHttp(hub);
        http.createRepo("nersc/costly", false);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    // 16,000 backticks cost 44 s of CPU per anonymous view of the page (growth about n^3)
    @ParameterizedTest
    @ValueSource(strings = {"- Data: TICKS", "- Catalog entry: TICKS", "- Download: [LINKS", "x JupyterHub: [LINKS"})
    void aCardLineMadeForBacktrackingCostsLittle(String line) {
        String text = line.replace("TICKS", "`".repeat(16_000) + "x").replace("LINKS", "](".repeat(20_000));
        HubHttp.Answer c = http.commit(
                "nersc/costly",
                "main",
                Map.of("summary", "line"),
                List.of(HubHttp.file("README.md", "# Costly\n\n" + text + "\n")));
        assertThat(c.status()).as(c.toString()).isEqualTo(200);
        HubHttp.Answer page = assertTimeoutPreemptively(QUICK, () -> http.page("/datasets/nersc/costly", false));
        assertThat(page.status()).isEqualTo(200);
    }

    @Test
    void theBoxBesideTheCardStillReadsTheLinesThisToolWrites() {
        String card = """
        # Costly

        - Data: `` /global/cfs/a`b/ ``
        - Download: [https://portal.nersc.gov/x/](https://portal.nersc.gov/x/)
        - Catalog entry: `/global/cfs/cdirs/dasrepo/x/`

        Open it as a notebook on NERSC's JupyterHub: [x.ipynb](<https://jupyter.nersc.gov/x.ipynb>)
        """;
        assertThat(http.commit(
                                "nersc/costly",
                                "main",
                                Map.of("summary", "card"),
                                List.of(HubHttp.file("README.md", card)))
                        .status())
                .isEqualTo(200);
        String page = http.page("/datasets/nersc/costly", false).text();
        assertThat(page)
                .contains(
                        "<code>/global/cfs/a`b/</code>",
                        "href=\"https://portal.nersc.gov/x/\"",
                        "<code>/global/cfs/cdirs/dasrepo/x/</code>",
                        "href=\"https://jupyter.nersc.gov/x.ipynb\"");
    }

    // JGit's matcher never finished on such a pattern; each request held a thread, 16 stopped the server
    @ParameterizedTest
    @ValueSource(strings = {"gitAttributes", "gitIgnore"})
    void aPreuploadWithAPatternOfManyStarsIsAnsweredQuickly(String field) {
        Map<String, Object> body = Map.of(
                field,
                STARS + (field.equals("gitAttributes") ? " filter=lfs\n" : "\n"),
                "files",
                List.of(
                        Map.of("path", LONG_NAME, "size", 3, "sample", "YWJj"),
                        Map.of("path", "d/" + "a".repeat(400) + "/" + "a".repeat(400), "size", 3, "sample", "YWJj")));
        HubHttp.Answer a =
                assertTimeoutPreemptively(QUICK, () -> http.post("/api/datasets/nersc/costly/preupload/main", body));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().at("/files/0/uploadMode").asText()).isEqualTo("regular");
        assertThat(a.json().at("/files/0/shouldIgnore").asBoolean()).isFalse();
    }

    @Test
    void committedPatternsOfManyStarsAreMatchedQuickly() {
        byte[] content = LfsUploadTest.bytes(300);
        HubHttp.Answer c = assertTimeoutPreemptively(
                QUICK,
                () -> http.commit(
                        "nersc/costly",
                        "main",
                        Map.of("summary", "patterns"),
                        List.of(
                                HubHttp.file(".gitattributes", STARS + " filter=lfs\n"),
                                HubHttp.file(".gitignore", STARS + "\n"),
                                http.lfsFile("nersc/costly", LONG_NAME + ".bin", content))));
        assertThat(c.status()).as(c.toString()).isEqualTo(200);
        HubHttp.Answer a = assertTimeoutPreemptively(
                QUICK,
                () -> http.post(
                        "/api/datasets/nersc/costly/preupload/main",
                        Map.of("files", List.of(Map.of("path", LONG_NAME, "size", 3, "sample", "YWJj")))));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    @Test
    void patternsCostlierThanARequestMaySpendAreRefusedNotRun() {
        String manyLongPatterns =
                ("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a" + "b".repeat(400) + " filter=lfs\n").repeat(200);
        List<Map<String, Object>> files = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> Map.<String, Object>of("path", LONG_NAME + i, "size", 3, "sample", "YWJj"))
                .toList();
        HubHttp.Answer a = assertTimeoutPreemptively(
                QUICK,
                () -> http.post(
                        "/api/datasets/nersc/costly/preupload/main",
                        Map.of("gitAttributes", manyLongPatterns, "files", files)));
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("too costly");
    }

    // a card's data_files glob became a regex with a [^/]* per star
    @Test
    void aDataFilesGlobOfManyStarsCostsLittle() {
        String card =
                "---\nconfigs:\n- config_name: default\n  data_files: \"*a*a*a*a*a*a*a*a*a*a*a*a*b.csv\"\n---\n# Glob\n";
        HubHttp.Answer c = http.commit(
                "nersc/costly",
                "main",
                Map.of("summary", "glob"),
                List.of(HubHttp.file("README.md", card), HubHttp.file(LONG_NAME + ".csv", "x\n1\n")));
        assertThat(c.status()).as(c.toString()).isEqualTo(200);
        HubHttp.Answer page = assertTimeoutPreemptively(QUICK, () -> http.page("/datasets/nersc/costly", false));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Dataset viewer");
    }
}
