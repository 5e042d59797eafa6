package gov.nersc.huggingnersc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** One normal form per endpoint, and the URLs of a repo built on it as the Hub spells them. */
class HubEndpointTest {
    static final RepoId REPO = RepoId.parse("NERSC/climate");
    static final String OID = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void trailingSlashesAreDroppedAndTheRestIsKept() {
        assertThat(HubEndpoint.of("https://huggingface.co/").url()).isEqualTo("https://huggingface.co");
        assertThat(HubEndpoint.of("http://127.0.0.1:8080///").url()).isEqualTo("http://127.0.0.1:8080");
        assertThat(HubEndpoint.of("file:/tmp/hub/").url()).isEqualTo("file:/tmp/hub");
        assertThat(HubEndpoint.of(URI.create("http://localhost:9/")).toString()).isEqualTo("http://localhost:9");
    }

    @Test
    void noEndpointMeansHuggingFaceCo() {
        assertThat(HubEndpoint.of((String) null)).isEqualTo(HubEndpoint.HUGGINGFACE);
        assertThat(HubEndpoint.of(" ").url()).isEqualTo("https://huggingface.co");
        assertThatThrownBy(() -> new HubEndpoint(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void huggingFaceCoIsRecognisedWhateverTheCaseOrTrailingSlash() {
        assertThat(HubEndpoint.isHuggingFaceCo("HTTPS://HuggingFace.co/")).isTrue();
        assertThat(HubEndpoint.isHuggingFaceCo("https://huggingface.co")).isTrue();
        assertThat(HubEndpoint.isHuggingFaceCo("http://huggingface.co")).isFalse();
        assertThat(HubEndpoint.isHuggingFaceCo("https://hf-mirror.com")).isFalse();
    }

    @Test
    void sameHubIgnoresOnlyTrailingSlashes() {
        assertThat(HubEndpoint.sameHub("http://127.0.0.1:8080/", "http://127.0.0.1:8080"))
                .isTrue();
        assertThat(HubEndpoint.of("https://huggingface.co").sameHub(HubEndpoint.HUGGINGFACE))
                .isTrue();
        assertThat(HubEndpoint.sameHub("http://127.0.0.1:8080", "http://127.0.0.1:8081"))
                .isFalse();
        assertThat(HubEndpoint.sameHub("file:/tmp/a", "https://huggingface.co")).isFalse();
    }

    @Test
    void theSchemeSaysHowTheHubIsReached() {
        assertThat(HubEndpoint.of("HTTPS://huggingface.co").scheme()).isEqualTo("https");
        assertThat(HubEndpoint.of("http://127.0.0.1:8080").isHttp()).isTrue();
        assertThat(HubEndpoint.of("file:/tmp/hub").isEmbedded()).isTrue();
        assertThat(HubEndpoint.of("file:/tmp/hub").isHttp()).isFalse();
        assertThat(HubEndpoint.of("huggingface.co").scheme()).isEmpty();
    }

    @Test
    void pagesOfARepoAndItsCommits() {
        HubEndpoint hub = HubEndpoint.of("https://huggingface.co/");
        assertThat(hub.repoUrl(REPO)).isEqualTo("https://huggingface.co/datasets/NERSC/climate");
        assertThat(hub.commitUrl(REPO, OID)).isEqualTo("https://huggingface.co/datasets/NERSC/climate/commit/" + OID);
        assertThat(hub.treeUrl(REPO, null)).isEqualTo("https://huggingface.co/datasets/NERSC/climate/tree/main");
        assertThat(hub.treeUrl(REPO, "refs/pr/1"))
                .isEqualTo("https://huggingface.co/datasets/NERSC/climate/tree/refs%2Fpr%2F1");
    }

    @Test
    void fileUrlsEncodeEachPathSegmentAndTheRevisionAsOne() {
        HubEndpoint hub = HubEndpoint.of("http://127.0.0.1:8080");
        assertThat(hub.resolveUrl(REPO, "", "data/train split/température ä.csv"))
                .hasToString(
                        "http://127.0.0.1:8080/datasets/NERSC/climate/resolve/main/data/train%20split/temp%C3%A9rature%20%C3%A4.csv");
        assertThat(hub.rawUrl(REPO, "refs/convert/parquet", "a+b#c?.txt"))
                .hasToString(
                        "http://127.0.0.1:8080/datasets/NERSC/climate/raw/refs%2Fconvert%2Fparquet/a%2Bb%23c%3F.txt");
        assertThat(hub.lfsBatchUrl(REPO))
                .hasToString("http://127.0.0.1:8080/datasets/NERSC/climate.git/info/lfs/objects/batch");
    }

    @Test
    void apiCallsSitUnderApi() {
        HubEndpoint hub = HubEndpoint.of("https://huggingface.co");
        assertThat(hub.api("/api/whoami-v2")).hasToString("https://huggingface.co/api/whoami-v2");
        assertThat(hub.datasetsApi()).hasToString("https://huggingface.co/api/datasets");
        assertThat(hub.repoApi(REPO, "/paths-info/" + HubEndpoint.encodedRevision("v1.0 β")))
                .hasToString("https://huggingface.co/api/datasets/NERSC/climate/paths-info/v1.0%20%CE%B2");
    }

    @Test
    void encodingKeepsOnlyUnreservedCharacters() {
        assertThat(HubEndpoint.encode("Az09-._~")).isEqualTo("Az09-._~");
        assertThat(HubEndpoint.encode("a/b c%")).isEqualTo("a%2Fb%20c%25");
        assertThat(HubEndpoint.encode("日本")).isEqualTo("%E6%97%A5%E6%9C%AC");
        assertThat(HubEndpoint.encodePath("dir one/日.txt")).isEqualTo("dir%20one/%E6%97%A5.txt");
    }
}
