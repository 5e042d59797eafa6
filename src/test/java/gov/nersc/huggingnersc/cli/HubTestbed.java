package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A local hub behind a recording proxy, a catalog root, the CLI pointed at both (with the hub's
 * token), and a client for "someone else" who commits to the hub directly.
 */
final class HubTestbed implements AutoCloseable {
    final Path root;
    final LocalHub hub;
    final FaultProxy proxy;
    final HubClient someoneElse;
    final CliRunner cli;

    private HubTestbed(Path home, LocalHub.Options options) throws IOException {
        root = home.resolve("catalog");
        hub = LocalHub.start(home.resolve("hub"), options);
        proxy = FaultProxy.start(URI.create(hub.url()));
        someoneElse = HubClient.builder()
                .endpoint(URI.create(hub.url()))
                .token(Optional.of(new HubToken(hub.token(), "test")))
                .build();
        cli = new CliRunner(home).env("HF_TOKEN", hub.token());
    }

    static HubTestbed start(Path home, LocalHub.Options options) throws IOException {
        return new HubTestbed(home, options);
    }

    /** Runs the CLI with {@code --catalog-root} and {@code --endpoint} set. */
    CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--catalog-root", root.toString(), "--endpoint", proxy.url()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    /** Catalogs (and, without --no-push, publishes) the iris example. */
    void catalogIris(String... extra) {
        Path ex = Path.of("examples/iris");
        succeed(
                List.of(
                        "catalog-new-dataset",
                        "Iris",
                        "iris",
                        ex.resolve("iris_loader.py").toString(),
                        ex.resolve("data").toString(),
                        "none",
                        ex.resolve("iris_metadata.json").toString()),
                extra);
    }

    /** Catalogs (and, without --no-push, publishes) the jetclass example. */
    void catalogJetclass(String... extra) {
        Path ex = Path.of("examples/jetclass");
        succeed(
                List.of(
                        "catalog-new-dataset",
                        "JetClass",
                        "jetclass",
                        ex.resolve("jetclass_loader.py").toString(),
                        "$CFS/dasrepo/www/ai_ready_datasets/jetclass/data/",
                        "auto",
                        ex.resolve("jetclass_metadata.json").toString(),
                        "--distributed",
                        "--no-data-check"),
                extra);
    }

    private void succeed(List<String> args, String... extra) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(extra));
        CliRunner.Result r = run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    /** A file's text on the hub's main branch. */
    String hubText(RepoId repo, String path) {
        return new String(someoneElse.readFile(repo, "main", path), StandardCharsets.UTF_8);
    }

    /** How many commits the repo's main branch has. */
    int commits(RepoId repo) {
        return (int) someoneElse.listCommits(repo, "main").stream().count();
    }

    @Override
    public void close() {
        proxy.close();
        hub.close();
    }
}
