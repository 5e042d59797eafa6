package gov.nersc.huggingnersc.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderNotebookTest {
    private static final String LOADER = "import pandas as pd\r\n\r\ndf = pd.read_csv('iris.csv')\r\nprint(df)\r\n";

    private static String iris() {
        return LoaderNotebook.render(
                "Iris",
                "iris",
                Optional.of("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data"),
                Optional.of("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data"),
                LOADER);
    }

    @Test
    void hasATitleCellAndTheLoaderAsCodeOnTheNerscPythonKernel() throws IOException {
        JsonNode nb = new ObjectMapper().readTree(iris());

        assertThat(nb.get("nbformat").asInt()).isEqualTo(4);
        assertThat(nb.get("nbformat_minor").asInt()).isEqualTo(5);
        assertThat(nb.at("/metadata/kernelspec").toString())
                .isEqualTo("{\"display_name\":\"NERSC Python\",\"language\":\"python\",\"name\":\"python3\"}");
        assertThat(nb.at("/metadata/language_info/name").asText()).isEqualTo("python");
        JsonNode title = nb.at("/cells/0");
        assertThat(title.get("cell_type").asText()).isEqualTo("markdown");
        assertThat(title.at("/source/0").asText()).isEqualTo("# Iris Data Loader\n");
        assertThat(text(title.get("source")))
                .contains("`/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data`")
                .contains("(https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data)");
        JsonNode code = nb.at("/cells/1");
        assertThat(code.get("cell_type").asText()).isEqualTo("code");
        assertThat(lines(code.get("source")))
                .containsExactly("import pandas as pd\n", "\n", "df = pd.read_csv('iris.csv')\n", "print(df)");
        assertThat(code.get("outputs").isEmpty()).isTrue();
        assertThat(code.get("execution_count").isNull()).isTrue();
        for (JsonNode cell : nb.get("cells")) {
            assertThat(cell.get("id").asText()).matches("[a-zA-Z0-9-_]{1,64}");
        }
    }

    @Test
    void isWrittenAsJupyterWritesIt() {
        String json = iris();

        assertThat(json)
                .startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"id\": \"")
                .contains("   \"metadata\": {},\n")
                .contains("   \"outputs\": [],\n")
                .endsWith("\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n");
    }

    @Test
    void renderingTwiceGivesTheSameBytesAndOtherCodeOtherIds() throws IOException {
        assertThat(iris()).isEqualTo(iris());
        String other = LoaderNotebook.render("Iris", "iris", Optional.of("/data"), Optional.empty(), "print(2)");
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(other).at("/cells/1/id"))
                .isNotEqualTo(m.readTree(iris()).at("/cells/1/id"));
        assertThat(text(m.readTree(other).at("/cells/0/source"))).contains("not public");
    }

    @Test
    void markdownAndHtmlInTheNameStayText() throws IOException {
        String json = LoaderNotebook.render(
                "<img src=x onerror=alert(1)> *Jets*", "jets", Optional.of("/d`x`"), Optional.empty(), "x");

        String title = new ObjectMapper().readTree(json).at("/cells/0/source/0").asText();
        assertThat(title).isEqualTo("# &lt;img src=x onerror=alert\\(1\\)&gt; \\*Jets\\* Data Loader\n");
    }

    @Test
    void isValidUnderTheOfficialNbformatSchema(@TempDir Path dir) throws Exception {
        assumeNbformat();
        List<Path> notebooks = List.of(
                write(dir, "iris.ipynb", iris()),
                write(
                        dir,
                        "hostile.ipynb",
                        LoaderNotebook.render(
                                "A \"b\" \\ c\n---\n",
                                "n",
                                Optional.of("/p"),
                                Optional.empty(),
                                "\u0000 ``` \ud83d\ude00\n\n\n")));
        for (Path nb : notebooks) {
            Process p = new ProcessBuilder(
                            "/usr/bin/python3",
                            "-c",
                            "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
                            nb.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(nb.getFileName() + ": " + out).isZero();
        }
    }

    // Debian's python3-nbformat; skipped where it is missing, unless on CI where it must be there
    private static void assumeNbformat() throws Exception {
        boolean available;
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import nbformat")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            available = p.waitFor() == 0;
        } catch (IOException noPython) {
            available = false;
        }
        if (!available && System.getenv("CI") != null) {
            fail("CI is set but /usr/bin/python3 cannot import nbformat: apt-get install python3-nbformat");
        }
        assumeTrue(available, "/usr/bin/python3 cannot import nbformat (apt-get install python3-nbformat)");
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static List<String> lines(JsonNode source) {
        List<String> out = new ArrayList<>();
        source.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode source) {
        return String.join("", lines(source));
    }
}
