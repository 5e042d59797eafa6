package gov.nersc.huggingnersc.browser;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.config.SettingsResolver;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local hub's pages loaded in a real, headless Chromium: what the browser builds from them
 * (its DOM after parsing and layout), and a screenshot. Skipped where Chromium is not installed,
 * except in CI (env CI set), where a missing Chromium fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserPagesTest {
    /** What a page's scripts would do if any ran: mark the body. The DOM is read after load. */
    private static final String PWN = "document.body.setAttribute('data-pwned','yes')";

    private static final Pattern SCRIPT_ELEMENT =
            Pattern.compile("<script(?![^>]*type=\"application/ld\\+json\")", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_ATTRIBUTE = Pattern.compile("<[^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern PWNED = Pattern.compile("<body[^>]*data-pwned", Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path dir;

    HeadlessChromium chromium;
    LocalHub hub;

    @BeforeAll
    void start() throws Exception {
        boolean installed = HeadlessChromium.find(Map.of()).isPresent();
        Assumptions.assumeTrue(
                installed || System.getenv("CI") != null,
                "Chromium is not installed (apt-get install chromium); CI runs this test");
        chromium = HeadlessChromium.require(Map.of(), "the browser test");

        Path home = dir.resolve("home");
        Settings settings = SettingsResolver.resolve(
                new SettingsResolver.Flags(null, null, dir.resolve("catalog"), null),
                Map.of(
                        "HOME",
                        home.toString(),
                        "HUGGINGNERSC_HOME",
                        home.resolve(".hn").toString()));
        HuggingNersc api = HuggingNersc.create(settings);
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(dir);
        api.catalogNewDataset(new NewDataset(
                "Iris",
                "iris",
                iris.loader(),
                "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/",
                "auto",
                iris.metadata(),
                Optional.empty(),
                false,
                false));
        Path hostileIn = Files.createDirectories(dir.resolve("hostile-input"));
        Files.writeString(
                hostileIn.resolve("hostile_loader.py"), "x = \"</code></pre><script>" + PWN + "</script>\"\n");
        Files.writeString(hostileIn.resolve("hostile_metadata.json"), """
        {"datacard_tags": {"pretty_name": "<script>%s</script>", "size_categories": "n<1K",
                           "tags": ["<img src=x onerror=%s>", "csv"]},
         "other_info": {"nickname": "hostile", "description": "<img src=x onerror=%s> **bold**"}}
        """.formatted(
                        PWN.replace("'", "\\u0027"), PWN.replace("'", "\\u0027"), PWN.replace("'", "\\u0027")));
        api.catalogNewDataset(new NewDataset(
                "<script>" + PWN + "</script>",
                "hostile",
                hostileIn.resolve("hostile_loader.py"),
                "/global/cfs/cdirs/m0000/hostile/",
                "none",
                hostileIn.resolve("hostile_metadata.json"),
                Optional.empty(),
                false,
                false));

        hub = LocalHub.start(dir.resolve("hub"), LocalHub.Options.defaults());
        HubClient client = HubClient.builder()
                .endpoint(URI.create(hub.url()))
                .token(Optional.of(new HubToken(hub.token(), "test")))
                .build();
        for (String nickname : List.of("iris", "hostile")) {
            Path entry = dir.resolve("catalog").resolve(nickname);
            commit(
                    client,
                    new RepoId("NERSC", nickname),
                    Map.of(
                            "README.md",
                            Files.readString(entry.resolve("README.md")),
                            nickname + "_loader.py",
                            Files.readString(entry.resolve(nickname + "_loader.py")),
                            "croissant.json",
                            Files.readString(entry.resolve("croissant.json"))));
        }
        // a card written by hand, with raw HTML that no tool escaped, and a croissant.json that tries to leave its
        // block
        commit(
                client,
                new RepoId("NERSC", "raw"),
                Map.of(
                        "README.md",
                                "---\npretty_name: \"<script>" + PWN + "</script>\"\ntags: [\"<img src=x onerror=" + PWN
                                        + ">\"]\n---\n# <script>" + PWN + "</script>\n\n<img src=x onerror=\"" + PWN
                                        + "\">\n\n"
                                        + "<a href=\"javascript:" + PWN + "\">x</a> [y](javascript:" + PWN + ")\n\n"
                                        + "```python\"><script>" + PWN + "</script>\nx = \"</code></pre><script>" + PWN
                                        + "</script>\"\n```\n",
                        "croissant.json", "{\"name\": \"</script><script>" + PWN + "</script><!--\"}"));
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.stop();
        }
    }

    private static void commit(HubClient client, RepoId id, Map<String, String> files) {
        client.createRepo(id, false, true);
        List<CommitOperation> ops = new ArrayList<>();
        files.forEach((path, text) -> ops.add(new CommitOperation.Add(path, ContentSource.of(text))));
        client.commit(id, CommitRequest.onMain("add " + id.name(), ops));
    }

    @Test
    void irisRendersItsTitleTagChipsAndHighlightedLoader() {
        String dom = chromium.dumpDom(hub.url() + "/datasets/NERSC/iris");
        assertThat(dom).contains("<title>Iris · NERSC/iris · Datasets at the local hub</title>");
        assertThat(dom).contains("<h1>iris</h1>").contains("<h1>Iris</h1>");
        assertThat(dom)
                .containsPattern("<span class=\"label\">Languages</span><a class=\"chip lang\"[^>]*>en</a>")
                .containsPattern("<span class=\"label\">Size</span><a class=\"chip size\"[^>]*>n&lt;1K</a>")
                .containsPattern("<span class=\"label\">Formats</span><a class=\"chip format\"[^>]*>csv</a>")
                .containsPattern("<span class=\"label\">Tags</span><a class=\"chip tag\"[^>]*>biology</a>");
        assertThat(dom).contains("<code class=\"language-python\">import pandas as pd");
        assertThat(dom).contains("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/");
        assertThat(dom).contains("<script type=\"application/ld+json\">").contains("\"conformsTo\"");
    }

    @Test
    void hostileCardsRunNothingAndInjectNoElements() {
        for (String page :
                List.of("/datasets/NERSC/hostile", "/datasets/NERSC/raw", "/datasets/NERSC/raw/tree/main", "/")) {
            String dom = chromium.dumpDom(hub.url() + page);
            assertThat(dom).as(page).contains("</html>");
            assertThat(SCRIPT_ELEMENT.matcher(dom).find())
                    .as("a <script> element in the DOM of %s", page)
                    .isFalse();
            assertThat(EVENT_ATTRIBUTE.matcher(dom).find())
                    .as("an on...= attribute in the DOM of %s", page)
                    .isFalse();
            assertThat(PWNED.matcher(dom).find()).as("a script ran on %s", page).isFalse();
            // text in the serialized DOM keeps its quotes, so look for elements, not for words
            assertThat(dom)
                    .as(page)
                    .doesNotContainPattern("<img[\\s>/]")
                    .doesNotContainPattern("<a\\s[^>]*href=\"javascript:");
        }
        String hostile = chromium.dumpDom(hub.url() + "/datasets/NERSC/hostile");
        assertThat(hostile)
                .contains("&lt;script&gt;" + PWN + "&lt;/script&gt;")
                .contains("&lt;img src=x onerror=" + PWN + "&gt;");
        String raw = chromium.dumpDom(hub.url() + "/datasets/NERSC/raw");
        assertThat(raw)
                .contains("<h1>&lt;script&gt;" + PWN + "&lt;/script&gt;</h1>")
                .contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;");
    }

    @Test
    void aScreenshotOfThePreviewPageIsARealPicture() throws Exception {
        Path png = dir.resolve("shots/iris.png");
        chromium.screenshot(hub.url() + "/datasets/NERSC/iris", png, 1280, 1600);
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(20_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(1600);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size())
                .as("distinct colours: text, chips, code, links")
                .isGreaterThan(20);
    }
}
