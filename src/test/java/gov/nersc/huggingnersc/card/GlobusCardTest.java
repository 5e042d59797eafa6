package gov.nersc.huggingnersc.card;

import static gov.nersc.huggingnersc.card.CardExamples.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.api.Metadata;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The card's Globus link: where it points, how it names the collection, and when there is none. */
class GlobusCardTest {
    private static final String NERSC_DTN = "9d6d994a-6d04-11e5-ba46-22000b92c6ec";
    private static final String GUEST = "0b226e2c-4de0-11ea-971a-021304b0cca7";
    private static final String PLAIN = """
      {"datacard_tags": {"pretty_name": "Data", "size_categories": "n<1K"}}
      """;

    private static String body(Metadata md, String dataPath, String siteCollection) {
        CardInput in = new CardInput(
                "Data",
                "data",
                md,
                Optional.of(dataPath),
                Optional.empty(),
                "/global/cfs/cdirs/m1/catalog/data/",
                Optional.empty(),
                new Script("load.py", "print(1)\n"),
                Optional.empty(),
                false,
                Optional.empty(),
                siteCollection);
        return DatasetCard.render(in).body();
    }

    private static Metadata withGlobus(String globus) {
        return metadata("{\"datacard_tags\": {\"pretty_name\": \"Data\", \"size_categories\": \"n<1K\"}, "
                + "\"other_info\": {\"globus\": " + globus + "}}");
    }

    /** The card's line with the link to {@code collection} at {@code encodedPath}, and what follows the name. */
    private static String linkLine(String collection, String encodedPath, String shown) {
        return "- Globus: [Transfer with Globus](https://app.globus.org/file-manager?origin_id=" + collection
                + "&origin_path=" + encodedPath + ") (collection " + shown + ")";
    }

    private static String globusLines(String body) {
        return String.join(
                "\n", body.lines().filter(l -> l.startsWith("- Globus:")).toList());
    }

    @Test
    void dataOnCfsLinksNerscDtnAtTheDataPath() {
        String body = body(metadata(PLAIN), "/global/cfs/cdirs/m1/www/data/", NERSC_DTN);

        assertThat(globusLines(body))
                .isEqualTo("- Globus: [Transfer with Globus](https://app.globus.org/file-manager"
                        + "?origin_id=9d6d994a-6d04-11e5-ba46-22000b92c6ec&origin_path=%2Fglobal%2Fcfs%2Fcdirs%2Fm1%2Fwww%2Fdata%2F)"
                        + " (collection NERSC DTN)");
    }

    @Test
    void thePathIsOneQueryValueThatDecodesBackExactly() {
        String path = "/global/cfs/cdirs/m1/a b/#1?x=y&z/100%/données+€/";

        String url = GlobusLink.urlIn(body(metadata(PLAIN), path, NERSC_DTN)).orElseThrow();

        assertThat(url)
                .endsWith("&origin_path=%2Fglobal%2Fcfs%2Fcdirs%2Fm1%2Fa%20b%2F%231%3Fx%3Dy%26z%2F100%25%2F"
                        + "donn%C3%A9es%2B%E2%82%AC%2F");
        URI uri = URI.create(url);
        assertThat(uri.getRawFragment()).isNull();
        assertThat(uri.getRawQuery().split("&"))
                .hasSize(2)
                .satisfiesExactly(
                        id -> assertThat(id).isEqualTo("origin_id=" + NERSC_DTN),
                        p -> assertThat(URLDecoder.decode(p.substring("origin_path=".length()), StandardCharsets.UTF_8))
                                .isEqualTo(path));
    }

    @Test
    void aGuestCollectionNamedInTheMetadataIsLinkedAtItsOwnPath() {
        Metadata md = withGlobus(
                "{\"collection\": \"NERSC SHARE: m1 data\", \"collection_id\": \"" + GUEST + "\", \"path\": \"/\"}");

        String body = body(md, "/global/cfs/cdirs/m1/www/data/", NERSC_DTN);

        assertThat(globusLines(body)).isEqualTo(linkLine(GUEST, "%2F", "NERSC SHARE: m1 data, path `/`"));
    }

    @Test
    void aGuestCollectionGivenByIdAloneIsNamedByItsIdInLowerCase() {
        Metadata md = withGlobus("{\"collection_id\": \"" + GUEST.toUpperCase() + "\", \"path\": \"/jets/\"}");

        String body = body(md, "/global/cfs/cdirs/m1/www/jets/", NERSC_DTN);

        assertThat(globusLines(body)).isEqualTo(linkLine(GUEST, "%2Fjets%2F", GUEST + ", path `/jets/`"));
    }

    @Test
    void aCollectionNamedByItsUuidIsLinkedAsThoughGivenAsCollectionId() {
        Metadata md = withGlobus("{\"collection\": \"" + GUEST + "\", \"path\": \"/~/jets\"}");

        String body = body(md, "/global/cfs/cdirs/m1/www/jets/", NERSC_DTN);

        assertThat(globusLines(body)).isEqualTo(linkLine(GUEST, "%2F~%2Fjets", GUEST + ", path `/~/jets`"));
    }

    @Test
    void anotherSitesCollectionIsNamedByItsId() {
        String body = body(metadata(PLAIN), "/global/cfs/cdirs/m1/data", GUEST);

        assertThat(globusLines(body)).isEqualTo(linkLine(GUEST, "%2Fglobal%2Fcfs%2Fcdirs%2Fm1%2Fdata", GUEST));
    }

    @Test
    void dataOffCfsOrOnTapeHasNoGlobusLink() {
        for (String path : new String[] {
            "/pscratch/sd/u/user/data/",
            "/global/homes/u/user/data",
            "hpss:/home/projects/m1/data.tar",
            "/home/projects/m1/www/data.tar"
        }) {
            String body = body(metadata(PLAIN), path, NERSC_DTN);

            assertThat(body).as(path).doesNotContain("Globus").doesNotContain("globus.org");
        }
    }

    @Test
    void aCollectionNamedWithoutAnIdIsStillShownWhenTheLinkGoesElsewhere() {
        Metadata md = withGlobus("{\"collection\": \"NERSC HPSS\", \"path\": \"/home/projects/m1/data.tar\"}");

        String onTape = body(md, "hpss:/home/projects/m1/data.tar", NERSC_DTN);
        String onCfs = body(md, "/global/cfs/cdirs/m1/data", NERSC_DTN);

        assertThat(globusLines(onTape)).isEqualTo("- Globus: collection NERSC HPSS, path `/home/projects/m1/data.tar`");
        assertThat(globusLines(onCfs))
                .isEqualTo(linkLine(NERSC_DTN, "%2Fglobal%2Fcfs%2Fcdirs%2Fm1%2Fdata", "NERSC DTN")
                        + "\n- Globus: collection NERSC HPSS, path `/home/projects/m1/data.tar`");
    }

    @Test
    void theLinkSitsInTheWhereSectionAndLeavesTheFrontMatterAlone() {
        DatasetCard plain = DatasetCard.render(CardExamples.iris());
        String body = plain.body();

        assertThat(body.substring(body.indexOf(CardBody.WHERE), body.indexOf(CardBody.LOAD)))
                .contains(
                        "- Globus: [Transfer with Globus](https://app.globus.org/file-manager?origin_id=" + NERSC_DTN);
        assertThat(plain.toMarkdown()).startsWith(CardExamples.EARLIER_TOOL_IRIS_FRONT_MATTER);
    }
}
