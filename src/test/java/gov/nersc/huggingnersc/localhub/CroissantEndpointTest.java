package gov.nersc.huggingnersc.localhub;

import static gov.nersc.huggingnersc.localhub.HubHttp.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/datasets/{ns}/{name}/croissant}: the repo's Croissant metadata, as the Hub's endpoint answers. */
class CroissantEndpointTest extends HubPerTest {
    static final String CROISSANT = "{\"@context\": {\"@vocab\": \"https://schema.org/\"}, \"@type\": \"sc:Dataset\", "
            + "\"name\": \"demo\", \"conformsTo\": \"http://mlcommons.org/croissant/1.0\"}";

    @Test
    void aRepoWithCroissantJsonAnswersItAsJsonLdFromMain() throws Exception {
        http.publish("nersc/demo", false, List.of(file("croissant.json", CROISSANT)));
        assertThat(http.post("/api/datasets/nersc/demo/branch/dev", Map.of()).status())
                .isEqualTo(200);
        assertThat(http.commit(
                                "nersc/demo",
                                "dev",
                                Map.of("summary", "other"),
                                List.of(file("croissant.json", "{\"name\": \"dev\"}")))
                        .status())
                .isEqualTo(200);

        HubHttp.Answer a = http.getAnonymous("/api/datasets/nersc/demo/croissant");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).isEqualTo("application/ld+json; charset=utf-8");
        assertThat(a.json()).isEqualTo(HubHttp.JSON.readTree(CROISSANT));
    }

    @Test
    void aRepoWithoutCroissantJsonAnswers404WithTheHubsErrorShape() {
        http.publish("nersc/plain", false, List.of(file("README.md", "# Plain\n")));

        HubHttp.Answer a = http.getAnonymous("/api/datasets/nersc/plain/croissant");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        assertThat(a.header("X-Error-Code")).isEqualTo("EntryNotFound");
        assertThat(a.json().get("error").asText())
                .isEqualTo("nersc/plain has no Croissant metadata: there is no croissant.json at main")
                .isEqualTo(a.header("X-Error-Message"));
    }

    @Test
    void aCroissantJsonThatIsNotJsonIsNotServedAsJsonLd() {
        http.publish("nersc/broken", false, List.of(file("croissant.json", "{\"name\": ")));

        HubHttp.Answer a = http.getAnonymous("/api/datasets/nersc/broken/croissant");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("error").asText())
                .startsWith("croissant.json of nersc/broken at main is not valid JSON");
    }

    @Test
    void aPrivateRepoAnswersWithoutTheTokenExactlyAsAMissingOne() {
        http.publish("nersc/secret", true, List.of(file("croissant.json", CROISSANT)));

        HubHttp.Answer hidden = http.getAnonymous("/api/datasets/nersc/secret/croissant");
        HubHttp.Answer missing = http.getAnonymous("/api/datasets/nersc/absent/croissant");

        assertThat(hidden.status()).isEqualTo(missing.status()).isEqualTo(404);
        assertThat(hidden.header("X-Error-Code"))
                .isEqualTo(missing.header("X-Error-Code"))
                .isEqualTo("RepoNotFound");
        assertThat(hidden.json().get("error").asText()).isEqualTo("Repository not found: nersc/secret");
        assertThat(missing.json().get("error").asText()).isEqualTo("Repository not found: nersc/absent");
        assertThat(hidden.text()).doesNotContain("sc:Dataset");

        HubHttp.Answer withToken = http.get("/api/datasets/nersc/secret/croissant");
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.json().get("name").asText()).isEqualTo("demo");
    }
}
