package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.OfficialJsClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-for-byte cross-checks with the Hub's official JavaScript client on one local hub: what
 * {@link HubClient} writes, {@code conformance/read-back.mjs} reads (listing, sizes, LFS oids,
 * sha256 of every download, tags); what {@code conformance/write.mjs} writes, {@link HubClient}
 * reads. Skipped without node, failing in CI, as {@link OfficialJsClient} says.
 */
class OfficialClientCrossCheckTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    LocalHub hub;
    HubClient client;

    @BeforeEach
    void start() throws IOException {
        hub = LocalHub.start(
                dir.resolve("hub"), LocalHub.Options.defaults().withPageSize(2).withMultipartChunkSize(5_000_000));
        client = HubClient.builder()
                .endpoint(URI.create(hub.url()))
                .token(Optional.of(new HubToken(hub.token(), "test")))
                .build();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    Path randomFile(String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = 0;
        Path f = dir.resolve(name);
        Files.write(f, b);
        return f;
    }

    @Test
    void whatTheJavaClientWritesTheOfficialClientReads() throws Exception {
        OfficialJsClient js = OfficialJsClient.require();
        RepoId repo = RepoId.parse("nersc/java-wrote");
        String card = """
        ---
        license: cc-by-4.0
        language:
        - en
        size_categories:
        - 1K<n<10K
        tags:
        - cross-check
        ---
        # Written by HubClient

        Paper: https://arxiv.org/abs/2101.00001
        """;
        Map<String, ContentSource> files = new LinkedHashMap<>();
        files.put("README.md", ContentSource.of(card));
        files.put("data/table.csv", ContentSource.of("a,b\n1,2\n"));
        files.put("data/été notes.txt", ContentSource.of("accents et espaces\n"));
        files.put("data/small.bin", ContentSource.of(randomFile("small.bin", 4000, 1)));
        files.put("data/big.bin", ContentSource.of(randomFile("big.bin", (12 << 20) + 11, 2)));
        client.createRepo(repo, false, false);
        List<CommitOperation> ops = new ArrayList<>();
        files.forEach((path, content) -> ops.add(new CommitOperation.Add(path, content)));
        client.commit(repo, CommitRequest.onMain("Written by HubClient", ops));

        ObjectNode manifest = JSON.createObjectNode();
        ArrayNode list = manifest.putArray("files");
        for (Map.Entry<String, ContentSource> f : files.entrySet()) {
            list.addObject()
                    .put("path", f.getKey())
                    .put("size", f.getValue().size())
                    .put("sha256", f.getValue().sha256())
                    .put("lfs", f.getKey().endsWith(".bin"));
        }
        manifest.putArray("tags")
                .add("license:cc-by-4.0")
                .add("language:en")
                .add("size_categories:1K<n<10K")
                .add("cross-check")
                .add("arxiv:2101.00001");
        Path manifestFile = dir.resolve("java-manifest.json");
        JSON.writeValue(manifestFile.toFile(), manifest);

        OfficialJsClient.Run r =
                js.node("read-back.mjs", hub.url(), hub.token(), repo.toString(), manifestFile.toString());
        assertThat(r.exit()).as("read-back failed:\n" + r.output()).isZero();
        assertThat(r.output()).contains("read-back: all 5 files and 5 tags match");
    }

    @Test
    void whatTheOfficialClientWritesTheJavaClientReads() throws Exception {
        OfficialJsClient js = OfficialJsClient.require();
        RepoId repo = RepoId.parse("nersc/js-wrote");
        Path manifestFile = dir.resolve("js-manifest.json");
        OfficialJsClient.Run r = js.node("write.mjs", hub.url(), hub.token(), repo.toString(), manifestFile.toString());
        assertThat(r.exit()).as("write.mjs failed:\n" + r.output()).isZero();
        JsonNode manifest = JSON.readTree(manifestFile.toFile());

        Map<String, TreeEntry> tree =
                client.listTree(repo, "main", null, true).stream().collect(Collectors.toMap(TreeEntry::path, e -> e));
        assertThat(client.headOf(repo, "main"))
                .isEqualTo(manifest.path("commit").asText());
        for (JsonNode f : manifest.path("files")) {
            String path = f.path("path").asText();
            long size = f.path("size").asLong();
            String sha = f.path("sha256").asText();
            TreeEntry entry = tree.get(path);
            assertThat(entry).as(path + " listed").isNotNull();
            assertThat(entry.size()).as(path + " size").isEqualTo(size);
            if (f.path("lfs").asBoolean()) {
                assertThat(entry.lfs()).as(path + " through LFS").isNotNull();
                assertThat(entry.lfs().oid()).isEqualTo(sha);
            }
            DownloadedFile got =
                    client.download(repo, "main", path, dir.resolve("got").resolve(path));
            assertThat(got.size()).as(path + " downloaded size").isEqualTo(size);
            assertThat(ContentSource.of(got.path()).sha256())
                    .as(path + " sha256")
                    .isEqualTo(sha);
        }
        List<String> tags = new ArrayList<>();
        manifest.path("tags").forEach(t -> tags.add(t.asText()));
        assertThat(client.datasetInfo(repo, "main", List.of()).tags()).containsAll(tags);
    }
}
