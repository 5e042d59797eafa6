package gov.nersc.huggingnersc.nersc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;

class NerscPathsTest {
    private static final String PORTAL = NerscPaths.NERSC_PORTAL;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/global/cfs/projectdirs/dasrepo/x, /global/cfs/cdirs/dasrepo/x",
        "/dvs_ro/cfs/cdirs/dasrepo/x/y.h5, /global/cfs/cdirs/dasrepo/x/y.h5",
        "$CFS/dasrepo/www/iris/, /global/cfs/cdirs/dasrepo/www/iris/",
        "${CFS}/dasrepo/www/iris, /global/cfs/cdirs/dasrepo/www/iris",
        "//global//cfs/cdirs/./dasrepo/tmp/../www/, /global/cfs/cdirs/dasrepo/www/",
        "/global/cfs/cdirs/dasrepo/www/., /global/cfs/cdirs/dasrepo/www/",
        "/global/cfs/projectdirs, /global/cfs/cdirs",
        "/global/cfs/projectdirsX/a, /global/cfs/projectdirsX/a",
    })
    void aliasesAndDotsGetOneSpelling(String given, String expected) {
        assertThat(NerscPaths.normalise(given)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "hpss:/home/projects/dasrepo/www/x, true",
        "HPSS:/home/d/dasrepo/run1.tar, true",
        "/home/projects/dasrepo/www/x/, true",
        "/global/cfs/cdirs/dasrepo/www/x/, false",
        "/home/projectsX/a, false",
        "/tmp/data, false"
    })
    void tapePathsAreRecognised(String path, boolean tape) {
        assertThat(NerscPaths.isTape(path)).isEqualTo(tape);
    }

    @Test
    void aTapeLocationIsKeptAsGivenTidiedAndNeverResolvedAgainstThisMachine() {
        assertThat(NerscPaths.normalise(" HPSS:/home/projects/m1234//www/./iris/ "))
                .isEqualTo("hpss:/home/projects/m1234/www/iris/");
        assertThat(NerscPaths.normalise("hpss:/home/projects/m1234/www/iris.tar"))
                .isEqualTo("hpss:/home/projects/m1234/www/iris.tar");
        assertThatThrownBy(() -> NerscPaths.normalise("hpss:home/projects/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an hpss: path is absolute");
    }

    @Test
    void relativePathsBecomeAbsoluteAgainstTheWorkingDirectory() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(NerscPaths.normalise("data/iris.csv")).isEqualTo(cwd + "/data/iris.csv");
        assertThat(NerscPaths.normalise("./data/")).isEqualTo(cwd + "/data/");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/, "
                + "https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/",
        "/global/cfs/projectdirs/m1234/www/a/b.h5, https://portal.nersc.gov/cfs/m1234/a/b.h5",
        "/dvs_ro/cfs/cdirs/m1234/www/a.csv, https://portal.nersc.gov/cfs/m1234/a.csv",
        "$CFS/m1234/www/, https://portal.nersc.gov/cfs/m1234/",
        "/global/project/projectdirs/m99/www/old/set.tar, https://portal.nersc.gov/project/m99/old/set.tar",
        "/home/projects/dasrepo/www/tape/set.tar, "
                + "https://portal.nersc.gov/archive/home/projects/dasrepo/www/tape/set.tar",
        "hpss:/home/projects/dasrepo/www/t.tar, https://portal.nersc.gov/archive/home/projects/dasrepo/www/t.tar",
        "/global/cfs/cdirs/m1234/www/my data #1?.csv, https://portal.nersc.gov/cfs/m1234/my%20data%20%231%3F.csv",
        "/global/cfs/cdirs/m1234/www/100%/é.txt, https://portal.nersc.gov/cfs/m1234/100%25/%C3%A9.txt",
    })
    void pathsUnderWwwHaveAPortalUrl(String path, String url) {
        assertThat(NerscPaths.publicUrl(path, PORTAL)).contains(url);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/data/",
        "/global/cfs/cdirs/dasrepo/sub/www/a.csv",
        "/global/cfs/cdirs/www/a.csv",
        "/global/cfs/cdirs/dasrepo/wwwx/a.csv",
        "/pscratch/sd/u/user/www/a.csv",
        "/global/homes/u/user/www/a.csv",
        "/home/projects/dasrepo/notwww/a.tar",
        "/global/cfs/cdirs/dasrepo/www/../private/a.csv",
    })
    void nothingOutsideAWwwDirectoryIsPublic(String path) {
        assertThat(NerscPaths.publicUrl(path, PORTAL)).isEmpty();
    }

    /** Path segments with the characters that break URLs, mixed with arbitrary Unicode text. */
    private static Gen<String> segments() {
        List<String> awkward = List.of(" ", "#", "?", "%", "+", "&", "é", "日本", "😀", "a b", "%20", "'", ":", "~");
        Gen<String> fromAwkward = lists().of(integers().between(0, awkward.size() - 1))
                .ofSizeBetween(1, 4)
                .map(idx -> idx.stream().map(awkward::get).reduce("", String::concat));
        Gen<String> unicode = strings().betweenCodePoints(0x20, 0x1F64F).ofLengthBetween(1, 6);
        return fromAwkward.mix(unicode).map(NerscPathsTest::asSegment);
    }

    /** Makes any text a path segment that normalising leaves alone (mapping rather than rejecting). */
    private static String asSegment(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints()
                .filter(c -> c != '/' && !Character.isSurrogate((char) c) || c > 0xffff)
                .forEach(b::appendCodePoint);
        return "x" + b.toString().strip() + "x";
    }

    @Test
    void publicUrlEncodesEverySegmentAndDecodesBackToThePath() {
        qt().forAll(lists().of(segments()).ofSizeBetween(1, 4)).checkAssert(parts -> {
            String rest = String.join("/", parts);
            String url = NerscPaths.publicUrl("/global/cfs/cdirs/m1234/www/" + rest, PORTAL)
                    .orElseThrow();
            assertThat(url).startsWith("https://portal.nersc.gov/cfs/m1234/");
            // only characters that are legal, unambiguous URL path characters remain
            assertThat(url).matches("[A-Za-z0-9\\-._~!$'()*,;=:@/%]+");
            URI uri = URI.create(url);
            assertThat(uri.getRawQuery()).isNull();
            assertThat(uri.getRawFragment()).isNull();
            assertThat(uri.getPath()).isEqualTo("/cfs/m1234/" + rest);
            assertThat(uri.getRawPath().split("/", -1)).hasSize(parts.size() + 3);
        });
    }

    @Test
    void jupyterUrlEncodesThePathAfterThePrefix() {
        assertThat(NerscPaths.jupyterUrl(
                        "https://jupyter.nersc.gov/hub/user-redirect/lab/tree",
                        "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/iris_dataloader.ipynb"))
                .isEqualTo("https://jupyter.nersc.gov/hub/user-redirect/lab/tree"
                        + "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/iris_dataloader.ipynb");
        assertThat(NerscPaths.jupyterUrl("https://hub.example/lab/tree/", "/tmp/my cat/a#b.ipynb"))
                .isEqualTo("https://hub.example/lab/tree/tmp/my%20cat/a%23b.ipynb");
        qt().forAll(lists().of(segments()).ofSizeBetween(1, 3)).checkAssert(parts -> {
            String path = "/" + String.join("/", parts);
            URI uri = URI.create(NerscPaths.jupyterUrl("https://jupyter.nersc.gov/lab/tree", path));
            assertThat(uri.getPath()).isEqualTo("/lab/tree" + path);
            assertThat(uri.getRawQuery()).isNull();
            assertThat(uri.getRawFragment()).isNull();
        });
    }

    @Test
    void normaliseIsIdempotent() {
        qt().forAll(lists().of(segments().mix(strings().basicLatinAlphabet().ofLengthBetween(0, 3)))
                        .ofSizeBetween(0, 5))
                .checkAssert(parts -> {
                    String once = NerscPaths.normalise("/dvs_ro/cfs/cdirs/" + String.join("/", parts));
                    assertThat(NerscPaths.normalise(once)).isEqualTo(once);
                    assertThat(once).doesNotContain("//", "/./").doesNotEndWith("/.");
                });
    }

    @Test
    void downloadLinkAutoDerivesFromAWwwPath() {
        assertThat(NerscPaths.downloadLink(
                        "auto", "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/", PORTAL))
                .contains("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/");
        assertThat(NerscPaths.downloadLink("AUTO", "$CFS/m1/www/x.csv", PORTAL))
                .contains("https://portal.nersc.gov/cfs/m1/x.csv");
    }

    @Test
    void downloadLinkAutoOutsideWwwSaysWhatToDo() {
        assertThatThrownBy(() -> NerscPaths.downloadLink("auto", "/global/cfs/cdirs/m1/private/x.csv", PORTAL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("DOWNLOAD_LINK auto: /global/cfs/cdirs/m1/private/x.csv is not under a www directory, "
                        + "so it has no public URL; give the link, or \"none\"");
    }

    @Test
    void downloadLinkNoneMeansNotPublic() {
        assertThat(NerscPaths.downloadLink("none", "/anything", PORTAL)).isEqualTo(Optional.empty());
    }

    @Test
    void explicitLinksMustBeHttpWithAHost() {
        assertThat(NerscPaths.downloadLink("https://zenodo.org/records/1", "/x", PORTAL))
                .contains("https://zenodo.org/records/1");
        assertThat(NerscPaths.downloadLink("http://example.org", "/x", PORTAL)).contains("http://example.org");
        for (String bad : List.of(
                "ftp://example.org/x",
                "example.org/x",
                "https://",
                "https:///path",
                "file:/x",
                "http://exa mple.org",
                "")) {
            assertThatThrownBy(() -> NerscPaths.downloadLink(bad, "/x", PORTAL))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("DOWNLOAD_LINK '" + bad + "': ")
                    .hasMessageContaining("allowed: an http:// or https:// URL")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
