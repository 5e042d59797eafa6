package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Multipart objects are hashed while their parts are written, in order, so completion reads nothing
 * back; parts out of order still make a checked object, through a read-back.
 */
class LfsStoreTest {
    static final int PART = 1000;
    static final byte[] DATA = LfsUploadTest.bytes(2500);
    static final String OID = LfsUploadTest.sha256(DATA);

    @TempDir
    Path dir;

    static long part(LfsStore store, String upload, int number, byte[] data) throws Exception {
        int from = (number - 1) * PART;
        int length = Math.min(PART, data.length - from);
        byte[] bytes = Arrays.copyOfRange(data, from, from + length);
        return store.storePart(upload, number, from, length, new ByteArrayInputStream(bytes));
    }

    @Test
    void partsInOrderAreHashedAsTheyArriveAndNeverReadBack() throws Exception {
        LfsStore store = new LfsStore(dir, Duration.ofSeconds(30));
        for (int i = 1; i <= 3; i++) {
            assertThat(part(store, "u1", i, DATA)).isEqualTo(Math.min(PART, DATA.length - (i - 1) * PART));
        }

        store.assemble("u1", 3, OID, DATA.length);

        assertThat(Files.readAllBytes(store.path(OID))).isEqualTo(DATA);
        assertThat(store.readBacks()).isZero();
    }

    @Test
    void partsSentAtOnceInAnyOrderWaitForTheOnesBeforeThemAndAreStillHashedOnce() throws Exception {
        LfsStore store = new LfsStore(dir, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (int i : new int[] {3, 2, 1}) {
                parts.add(pool.submit(() -> part(store, "u2", i, DATA)));
            }
            for (Future<Long> f : parts) {
                assertThat(f.get()).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }

        store.assemble("u2", 3, OID, DATA.length);

        assertThat(Files.readAllBytes(store.path(OID))).isEqualTo(DATA);
        assertThat(store.readBacks()).isZero();
    }

    @Test
    void aPartThatCannotWaitIsWrittenUnhashedAndCompletionReadsTheObjectBack() throws Exception {
        LfsStore store = new LfsStore(dir, Duration.ZERO);
        for (int i : new int[] {2, 1, 3}) {
            part(store, "u3", i, DATA);
        }

        store.assemble("u3", 3, OID, DATA.length);

        assertThat(Files.readAllBytes(store.path(OID))).isEqualTo(DATA);
        assertThat(store.readBacks()).isEqualTo(1);
    }

    @Test
    void aPartCutShortAndSentAgainIsHashedOnlyOnce() throws Exception {
        LfsStore store = new LfsStore(dir, Duration.ofSeconds(30));
        byte[] half = Arrays.copyOfRange(DATA, 0, PART / 2);
        assertThat(store.storePart("u4", 1, 0, PART, new ByteArrayInputStream(half)))
                .isEqualTo(PART / 2);
        for (int i = 1; i <= 3; i++) {
            part(store, "u4", i, DATA);
        }

        store.assemble("u4", 3, OID, DATA.length);

        assertThat(Files.readAllBytes(store.path(OID))).isEqualTo(DATA);
        assertThat(store.readBacks()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void partsWhoseWholeHasAnotherSha256AreRefusedAndNothingIsStored(boolean inOrder) throws Exception {
        LfsStore store = new LfsStore(dir, Duration.ZERO);
        byte[] tampered = DATA.clone();
        tampered[1500] ^= 1;
        for (int i : inOrder ? new int[] {1, 2, 3} : new int[] {3, 2, 1}) {
            part(store, "u5", i, tampered);
        }

        assertThatThrownBy(() -> store.assemble("u5", 3, OID, DATA.length))
                .isInstanceOfSatisfying(
                        HubError.class, e -> assertThat(e.status).isEqualTo(400))
                .hasMessageContaining("sha256 " + LfsUploadTest.sha256(tampered));
        assertThat(store.path(OID)).doesNotExist();
        assertThat(store.readBacks()).isEqualTo(inOrder ? 0 : 1);
    }

    @Test
    void theJavaClientSendsPartsInOrderSoNoCompletionReadsBack() throws Exception {
        LocalHub hub = LocalHub.start(dir, LocalHub.Options.defaults().withMultipartChunkSize(64 << 10));
        try {
            HubClient client = HubClient.builder()
                    .endpoint(URI.create(hub.url()))
                    .token(Optional.of(new HubToken(hub.token(), "the test")))
                    .uploadThreads(4)
                    .build();
            RepoId repo = new RepoId("nersc", "parts");
            client.createRepo(repo, false, false);
            List<CommitOperation> files = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Path f = Files.write(dir.resolve("f" + i + ".bin"), LfsUploadTest.bytes((1 << 20) + i)); // 17 parts
                files.add(new CommitOperation.Add("data/f" + i + ".bin", ContentSource.of(f)));
            }

            client.commit(repo, CommitRequest.onMain("three files in parts", files));

            for (int i = 1; i <= 3; i++) {
                assertThat(client.readFile(repo, "main", "data/f" + i + ".bin"))
                        .isEqualTo(LfsUploadTest.bytes((1 << 20) + i));
            }
            assertThat(hub.lfs().readBacks()).isZero();
        } finally {
            hub.close();
        }
    }
}
