package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that writes to the Hub, run through the CLI in-process while the {@link
 * gov.nersc.huggingnersc.testing.FaultProxy} between it and a local hub spoils one request: the
 * commit, and for {@code upload-data} also the preupload, the LFS batch and the LFS object PUT.
 * Whatever the fault, the command ends with exit 0 (retried within its budget) or exit 1 with one
 * {@code error:} line, after which the same command again exits 0; the repo gains exactly the
 * intended commits; the entry records the repo's head and the card it committed; and a re-run
 * afterwards changes nothing.
 *
 * <p>Stalls are not in this matrix: the CLI waits the client's 60 s request timeout before it gives
 * up on a silent Hub and offers no way to shorten it, so each stall would cost a minute. A stalled
 * request is retried like a reset one (the hub never saw it); {@code
 * HubClientFaultsTest.readsSurviveResetsLostAnswersAndStalls} shows the client's timeout and retry
 * on a stall with a short timeout.
 */
class WriteCommandsUnderFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoId REPO = new RepoId("NERSC", "iris");
    private static final String COMMIT = "/api/datasets/NERSC/iris/commit/main";
    private static final String PREUPLOAD = "/api/datasets/NERSC/iris/preupload/main";
    private static final String LFS_BATCH = ".+/info/lfs/objects/batch";
    private static final String LFS_PUT = "/lfs-upload/.+";

    /** A writing command: what is there before it runs, how it runs, what it should leave. */
    enum Command {
        CATALOG_NEW_DATASET(1),
        UPLOAD_DATASET(1),
        UPDATE_DATASET(1),
        UPLOAD_DATA(1);

        /** The commits one run adds to main. */
        final int commits;

        Command(int commits) {
            this.commits = commits;
        }

        String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The faults, each once. Within the retry budget the command must succeed; a 429 asking for an
     * hour is past the budget (5 minutes) at once, so the command must give up with exit 1.
     */
    enum Kind {
        RATE_LIMITED(Fault.rateLimited(1), 0),
        RATE_LIMITED_PAST_THE_BUDGET(Fault.rateLimited(3600), 1),
        HTTP_500(Fault.status(500), 0),
        HTTP_502(Fault.status(502), 0),
        HTTP_503(Fault.status(503), 0),
        HTTP_504(Fault.status(504), 0),
        RESET_BEFORE_THE_HUB(Fault.reset(), 0),
        ANSWER_LOST_AFTER_THE_HUB(Fault.loseAnswer(), 0);

        final Fault fault;
        final int exitCode;

        Kind(Fault fault, int exitCode) {
            this.fault = fault;
            this.exitCode = exitCode;
        }
    }

    /**
     * The commit meets every fault; upload-data's other requests meet a retryable answer, a request
     * the hub never saw and an answer lost after the hub did the work. A 5xx is retried as a 429 is
     * (HubClientFaultsTest sends 5xx to the batch and the PUT), and each case costs a second of
     * backoff: this keeps the test near a minute.
     */
    private static final List<Kind> OTHER_REQUESTS =
            List.of(Kind.RATE_LIMITED, Kind.RESET_BEFORE_THE_HUB, Kind.ANSWER_LOST_AFTER_THE_HUB);

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (Command c : Command.values()) {
            for (Kind k : Kind.values()) {
                all.add(Arguments.of(c, "POST", COMMIT, k));
            }
        }
        for (String[] request : List.of(
                new String[] {"POST", PREUPLOAD}, new String[] {"POST", LFS_BATCH}, new String[] {"PUT", LFS_PUT})) {
            for (Kind k : OTHER_REQUESTS) {
                all.add(Arguments.of(Command.UPLOAD_DATA, request[0], request[1], k));
            }
        }
        return all.stream();
    }

    @TempDir
    Path home;

    HubTestbed bed;
    DatasetFixtures.Inputs iris;

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    @ParameterizedTest(name = "{0}: {3} on {1} {2}")
    @MethodSource("matrix")
    void aFaultOnOneRequestEndsInOneCleanOutcomeAndTheIntendedCommits(
            Command command, String method, String path, Kind kind) throws Exception {
        bed = HubTestbed.start(home, LocalHub.Options.defaults().withLfsThresholdBytes(1024));
        iris = DatasetFixtures.iris(home);
        String[] args = prepare(command);
        int before = command == Command.CATALOG_NEW_DATASET ? 0 : commits(); // no repo yet
        bed.proxy.clearLog();
        bed.proxy.injectNth(method, path, 1, kind.fault);

        CliRunner.Result first = bed.run(args);

        assertThat(bed.proxy.exchanges(method, path))
                .as("the fault was met: %s", first)
                .anyMatch(x -> x.fault() != null);
        System.out.printf(
                "WriteCommandsUnderFaultsTest: %s, %s on %s %s: exit %d %s%n",
                command.cliName(),
                kind,
                method,
                path,
                first.exitCode(),
                first.err().lines().filter(l -> l.startsWith("error:")).toList());
        assertCleanOutcome(first);
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(kind.exitCode);
        if (first.exitCode() == 1) {
            CliRunner.Result again = bed.run(args);
            assertThat(again.exitCode())
                    .as("the same command after exit 1: %s", again)
                    .isZero();
        }
        // the repo's creation commit comes with catalog-new-dataset's own
        int expected = before + command.commits + (command == Command.CATALOG_NEW_DATASET ? 1 : 0);
        assertThat(commits()).as("commits on main after %s", first).isEqualTo(expected);
        assertConsistent(command);

        bed.proxy.heal();
        CliRunner.Result rerun = bed.run(args);
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(commits()).as("a re-run commits nothing: %s", rerun).isEqualTo(expected);
        assertConsistent(command);
    }

    /** Sets the stage for {@code command} without faults; returns its arguments. */
    private String[] prepare(Command command) throws IOException {
        String[] catalog = {
            "catalog-new-dataset",
            "Iris",
            "iris",
            iris.loader().toString(),
            iris.data().toString(),
            "none",
            iris.metadata().toString()
        };
        switch (command) {
            case CATALOG_NEW_DATASET -> {
                return catalog;
            }
            case UPLOAD_DATASET -> {
                succeed(concat(catalog));
                succeed("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push");
                return new String[] {"upload-dataset", "iris"};
            }
            case UPDATE_DATASET -> {
                succeed(concat(catalog));
                return new String[] {"update-dataset", "iris", "--official-name", "Iris flowers"};
            }
            case UPLOAD_DATA -> {
                // two files that go through LFS besides the CSV
                UploadDataCommandTest.random(iris.data().resolve("events.h5"), 5000, 1);
                UploadDataCommandTest.random(iris.data().resolve("part-0.parquet"), 3000, 2);
                succeed(concat(catalog));
                return new String[] {"upload-data", "iris"};
            }
            default -> throw new AssertionError(command);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private void succeed(String... args) {
        CliRunner.Result r = bed.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    /** Exit 0, or exit 1 with exactly one {@code error:} line naming the Hub; never a stack trace. */
    private static void assertCleanOutcome(CliRunner.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isIn(0, 1);
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("\tat ").doesNotContain("Exception");
        if (r.exitCode() == 1) {
            List<String> errors =
                    r.err().lines().filter(l -> l.startsWith("error:")).toList();
            assertThat(errors).as(r.toString()).hasSize(1);
            assertThat(errors.get(0)).as(r.toString()).contains("Hub");
        }
    }

    private int commits() {
        return bed.commits(REPO);
    }

    /**
     * The entry records the repo's head and holds the card the Hub has; for upload-data, every data
     * file on the Hub has the local bytes.
     */
    private void assertConsistent(Command command) throws Exception {
        Path entry = bed.root.resolve("iris");
        String head = bed.someoneElse.headOf(REPO, "main");
        if (command == Command.UPLOAD_DATA) {
            for (String name : List.of("iris.csv", "events.h5", "part-0.parquet")) {
                assertThat(bed.someoneElse.readFile(REPO, "main", "data/" + name))
                        .as(name)
                        .isEqualTo(Files.readAllBytes(iris.data().resolve(name)));
            }
            return;
        }
        assertThat(JSON.readTree(entry.resolve("iris_info.json").toFile())
                        .at("/published/commit")
                        .asText())
                .isEqualTo(head);
        assertThat(bed.hubText(REPO, "README.md")).isEqualTo(Files.readString(entry.resolve("README.md")));
    }
}
