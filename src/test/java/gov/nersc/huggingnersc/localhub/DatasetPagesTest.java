package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pages a browser sees on the local hub, fetched over HTTP as a browser asks for them. */
class DatasetPagesTest extends HubPerTest {
    static final String CARD = """
      ---
      pretty_name: Demo data
      license: mit
      language: [en, fr]
      size_categories: [1K<n<10K]
      task_categories: [image-classification]
      tags: [climate, csv]
      ---
      <!-- huggingnersc:begin keys=pretty_name -->
      # Demo

      Paper: https://arxiv.org/abs/1705.03551

      | split | rows |
      |-------|-----:|
      | train | 900  |

      ## Where the data lives at NERSC

      - Data: `/global/cfs/cdirs/m1234/demo/`
      - Download: [https://portal.nersc.gov/cfs/m1234/demo/](https://portal.nersc.gov/cfs/m1234/demo/)
      - Catalog entry: `/global/cfs/cdirs/dasrepo/ai_ready_datasets/demo/`

      Open it as a notebook on NERSC's JupyterHub: [demo\\_dataloader.ipynb](https://jupyter.nersc.gov/hub/user-redirect/lab/tree/x/demo_dataloader.ipynb)

      ```python
      import pandas as pd
      ```
      <!-- huggingnersc:end -->
      """;

    private HubHttp.Answer page(String path, boolean auth) {
        return http.page(path, auth);
    }

    private void publish(String id, boolean isPrivate, Map<String, String> files) {
        http.publish(
                id,
                isPrivate,
                files.entrySet().stream()
                        .map(f -> HubHttp.file(f.getKey(), f.getValue()))
                        .toList());
    }

    @Test
    void aDatasetPageShowsNameChipsByKindCardFilesAndTheNerscBox() {
        publish("nersc/demo", false, Map.of("README.md", CARD, "demo_loader.py", "import pandas as pd\n"));

        HubHttp.Answer a = page("/datasets/nersc/demo", false);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        String html = a.text();
        assertThat(html)
                .contains("<h1>demo</h1>", "<p class=\"pretty\">Demo data</p>", "<title>Demo data · nersc/demo");
        assertThat(groups(html))
                .containsEntry("Tasks", List.of("image-classification"))
                .containsEntry("Languages", List.of("en", "fr"))
                .containsEntry("Size", List.of("1K&lt;n&lt;10K"))
                .containsEntry("Licence", List.of("mit"))
                .containsEntry("Formats", List.of("csv"))
                .containsEntry("Tags", List.of("climate"))
                .containsEntry("arXiv", List.of("arXiv:1705.03551"));
        assertThat(html)
                .contains("<code class=\"language-python\">import pandas as pd")
                .contains("<th>split</th>")
                .contains("<td align=\"right\">900</td>")
                .doesNotContain("huggingnersc:begin")
                .doesNotContain("&lt;!--");
        assertThat(html)
                .contains("<dt>Data path</dt><dd><code>/global/cfs/cdirs/m1234/demo/</code>")
                .contains("href=\"https://portal.nersc.gov/cfs/m1234/demo/\"")
                .contains("href=\"https://jupyter.nersc.gov/hub/user-redirect/lab/tree/x/demo_dataloader.ipynb\"")
                .contains("<code>/global/cfs/cdirs/dasrepo/ai_ready_datasets/demo/</code>");

        String files = page("/datasets/nersc/demo/tree/main", false).text();
        assertThat(files)
                .contains("href=\"/datasets/nersc/demo/resolve/main/demo_loader.py\">demo_loader.py</a>")
                .contains("<td class=\"size\">20 Bytes</td>")
                .contains("class=\"active\">Files and versions");
    }

    @Test
    void pagesForbidScriptAndSniffing() {
        publish("nersc/demo", false, Map.of("README.md", CARD));
        for (String path : List.of("/", "/datasets/nersc/demo", "/datasets/nersc/demo/tree/main")) {
            HubHttp.Answer a = page(path, false);
            String csp = a.header("Content-Security-Policy");
            assertThat(csp)
                    .as(path)
                    .startsWith("default-src 'none'")
                    .doesNotContain("script-src")
                    .contains("style-src 'unsafe-inline'")
                    .contains("img-src 'self' data:");
            assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void theJsonApiIsUnchangedForClientsThatDoNotAskForHtml() {
        publish("nersc/demo", false, Map.of("README.md", CARD));
        HubHttp.Answer api = http.getAnonymous("/datasets/nersc/demo");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.header("Content-Type")).startsWith("application/json");
        assertThat(http.getAnonymous("/").status()).isEqualTo(404);
        HubHttp.Answer info = page("/api/datasets/nersc/demo", false);
        assertThat(info.json().get("id").asText()).isEqualTo("nersc/demo");
        HubHttp.Answer raw = page("/datasets/nersc/demo/resolve/main/README.md", false);
        assertThat(raw.text()).isEqualTo(CARD);
    }

    @Test
    void aHostileCardRendersAsTextAndItsCroissantCannotCloseTheDataBlock() {
        String hostile = """
        ---
        pretty_name: "<script>alert(1)</script>"
        tags: ["<img src=x onerror=alert(2)>"]
        ---
        # <script>alert(3)</script>

        <img src=x onerror=alert(4)>

        [click](javascript:alert(5)) and <a href="javascript:alert(6)">here</a>

        ```python"><script>alert(7)</script>
        x = "</code></pre><script>alert(8)</script>"
        ```
        """;
        String croissant = "{\"@type\": \"sc:Dataset\", \"description\": \"</script><script>alert(9)</script><!--\"}";
        publish(
                "nersc/evil",
                false,
                Map.of(
                        "README.md",
                        hostile,
                        "croissant.json",
                        croissant,
                        "nersc.json",
                        "{\"data_path\": \"<b>x</b>\", \"download_link\": \"javascript:alert(10)\"}"));

        String html = page("/datasets/nersc/evil", false).text();
        // the only script element is the JSON-LD data block, and nothing from the card became markup
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(html).contains("<script type=\"application/ld+json\">");
        assertThat(html)
                .doesNotContain("<img")
                .doesNotContain("href=\"javascript:")
                .doesNotContain("<b>x</b>")
                .doesNotContain("onerror=alert(4)>");
        assertThat(html)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(2)&gt;")
                .contains("&lt;script&gt;alert(3)&lt;/script&gt;")
                .contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(8)");
        String block = html.substring(html.indexOf("<script type=\"application/ld+json\">"));
        block = block.substring(0, block.indexOf("</script>"));
        assertThat(block)
                .contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(9)")
                .doesNotContain("<!--");
        assertThat(html).contains("<code>javascript:alert(10)</code>");
    }

    @Test
    void privateDatasetsAreInvisibleWithoutTheToken() {
        publish("nersc/open", false, Map.of("README.md", CARD));
        publish("nersc/secret", true, Map.of("README.md", CARD));

        assertThat(page("/datasets/nersc/secret", false).status()).isEqualTo(404);
        assertThat(page("/datasets/nersc/secret", false).text()).doesNotContain("Demo data");
        assertThat(page("/", false).text()).contains("nersc/open").doesNotContain("nersc/secret");

        assertThat(page("/datasets/nersc/secret", true).text()).contains("<span class=\"badge\">private</span>");
        assertThat(page("/", true).text()).contains("nersc/secret");
    }

    @Test
    void theFrontPageListsDatasetsWithTagsAndSearches() {
        publish("nersc/demo", false, Map.of("README.md", CARD));
        publish(
                "nersc/other",
                false,
                Map.of("README.md", "---\npretty_name: Something else\ntags: [fusion]\n---\n# X\n"));

        String all = page("/", false).text();
        assertThat(all)
                .contains("href=\"/datasets/nersc/demo\"", "href=\"/datasets/nersc/other\"")
                .contains("<a class=\"chip tag\" href=\"/?filter=fusion\">fusion</a>")
                .contains("<input type=\"search\" name=\"search\"");
        String found = page("/?search=DEMO", false).text();
        assertThat(found).contains("nersc/demo").doesNotContain("nersc/other").contains("value=\"DEMO\"");
        assertThat(page("/?search=something", false).text())
                .contains("nersc/other")
                .doesNotContain("nersc/demo");
        assertThat(page("/?filter=fusion", false).text())
                .contains("nersc/other")
                .doesNotContain("nersc/demo");
        assertThat(page("/?search=%3Cscript%3E", false).text())
                .contains("value=\"&lt;script&gt;\"")
                .contains("No datasets found");
    }

    @Test
    void theNerscBoxComesFromNerscJsonWhenTheRepoHasOne() {
        publish(
                "nersc/demo",
                false,
                Map.of(
                        "README.md",
                        CARD,
                        "nersc.json",
                        "{\"data_path\": \"/global/cfs/cdirs/other/\", \"download_link\": null, \"jupyter_url\": null}"));
        String html = page("/datasets/nersc/demo", false).text();
        assertThat(html)
                .contains("<code>/global/cfs/cdirs/other/</code>")
                .contains("Not public: readable at NERSC only");
    }

    /** Chip texts by group label, in page order. */
    static Map<String, List<String>> groups(String html) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        Matcher g = Pattern.compile("<div class=\"group\"><span class=\"label\">([^<]+)</span>(.*?)</div>")
                .matcher(html);
        while (g.find()) {
            Matcher c = Pattern.compile("<a class=\"chip [a-z]+\" href=\"[^\"]*\"[^>]*>([^<]*)</a>")
                    .matcher(g.group(2));
            List<String> chips = new java.util.ArrayList<>();
            while (c.find()) {
                chips.add(c.group(1));
            }
            out.put(g.group(1), chips);
        }
        return out;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
