package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long-running hub forgets uploads its clients abandoned: their entries, digests and parts. */
class LfsUploadsTest {
    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static ServerContext.LfsUpload multipart() {
        return new ServerContext.LfsUpload(LfsStoreTest.OID, LfsStoreTest.DATA.length, LfsStoreTest.PART);
    }

    @Test
    void anUploadUntouchedForADayIsForgottenWithItsDigestAndParts() throws Exception {
        Hands clock = new Hands();
        LfsStore store = new LfsStore(dir, Duration.ofSeconds(30));
        LfsUploads uploads = new LfsUploads(store, clock);
        uploads.announce("abandoned", multipart());
        LfsStoreTest.part(store, "abandoned", 1, LfsStoreTest.DATA);
        agePartsOnDisk(Duration.ofDays(2));
        clock.now = clock.now.plus(Duration.ofHours(23));
        uploads.announce("busy", multipart());
        LfsStoreTest.part(store, "busy", 1, LfsStoreTest.DATA);

        clock.now = clock.now.plus(Duration.ofHours(2)); // "abandoned" idle 25 h, "busy" 2 h
        uploads.announce("new", multipart());

        assertThat(uploads.get("abandoned")).isEmpty();
        assertThat(uploads.get("busy")).contains(multipart());
        assertThat(uploads.get("new")).contains(multipart());
        assertThat(uploads.size()).isEqualTo(2);
        assertThat(store.digestsHeld()).as("only busy's running digest is left").isEqualTo(1);
        try (Stream<Path> left = Files.list(dir.resolve("lfs").resolve("incomplete"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("busy");
        }
    }

    @Test
    void aPartKeepsItsUploadAliveWhileOneAsOldButIdleGoes() throws Exception {
        Hands clock = new Hands();
        LfsUploads uploads = new LfsUploads(new LfsStore(dir, Duration.ofSeconds(30)), clock);
        uploads.announce("slow", multipart());
        uploads.announce("idle", multipart());

        for (int hour = 0; hour < 30; hour++) {
            clock.now = clock.now.plus(Duration.ofHours(1));
            assertThat(uploads.get("slow")).as("hour %d", hour).isPresent(); // a part arrives every hour
        }
        uploads.announce("late", multipart());

        assertThat(uploads.get("slow")).isPresent();
        assertThat(uploads.get("idle")).isEmpty();
        assertThat(uploads.size()).isEqualTo(2);
    }

    private void agePartsOnDisk(Duration age) throws Exception {
        FileTime old = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> files = Files.walk(dir.resolve("lfs").resolve("incomplete"))) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, old);
            }
        }
    }
}
