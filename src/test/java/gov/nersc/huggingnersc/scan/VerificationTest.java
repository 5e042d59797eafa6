package gov.nersc.huggingnersc.scan;

import static gov.nersc.huggingnersc.scan.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.api.Verification;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationTest {
    @TempDir
    Path tmp;

    Path data;
    Path manifest;

    @BeforeEach
    void catalogued() throws Exception {
        data = tmp.resolve("www/iris/data");
        manifest = tmp.resolve("catalog/iris/manifest.jsonl.gz");
        write(data.resolve("iris.csv"), "a,b\n1,2\n");
        write(data.resolve("sizes/grows.csv"), "12345");
        write(data.resolve("touched.csv"), "same");
        write(data.resolve("secretly-edited.csv"), "abcd");
        write(data.resolve("goes-away.csv"), "bye");
        for (Path p : new Path[] {data, data.resolve("sizes")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (var files = Files.walk(data)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 2);
    }

    @Test
    void anUntouchedDatasetHolds() {
        Verification v = DataCheck.run(data, Optional.of(manifest), true, true, 2);

        assertThat(v.holds()).as(v.toString()).isTrue();
        assertThat(v.files()).isEqualTo(5);
        assertThat(v.manifestChecked()).isTrue();
        assertThat(v.rehashed()).isTrue();
        assertThat(v.permissionsChecked()).isTrue();
    }

    @Test
    void reportsDriftExactly() throws Exception {
        Files.writeString(data.resolve("sizes/grows.csv"), "1234567");
        Path touched = data.resolve("touched.csv");
        FileTime old = Files.getLastModifiedTime(touched);
        Files.setLastModifiedTime(touched, FileTime.fromMillis(old.toMillis() + 60_000));
        Path edited = data.resolve("secretly-edited.csv");
        FileTime editedTime = Files.getLastModifiedTime(edited);
        Files.writeString(edited, "wxyz");
        Files.setLastModifiedTime(edited, editedTime);
        Files.delete(data.resolve("goes-away.csv"));
        write(data.resolve("new/arrival.csv"), "hi");

        Verification quick = DataCheck.run(data, Optional.of(manifest), false, false, 2);

        assertThat(quick.holds()).isFalse();
        assertThat(quick.added()).isEqualTo(new FirstFew(1, java.util.List.of("new/arrival.csv")));
        assertThat(quick.removed()).isEqualTo(new FirstFew(1, java.util.List.of("goes-away.csv")));
        assertThat(quick.changed().first())
                .containsExactly(
                        "sizes/grows.csv: size 5 -> 7",
                        "touched.csv: modified " + old.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                                + " -> " + Instant.ofEpochMilli(old.toMillis() + 60_000));
        assertThat(quick.permissionsChecked()).isFalse();

        Verification thorough = DataCheck.run(data, Optional.of(manifest), false, true, 2);
        assertThat(thorough.changed().first())
                .containsExactly(
                        "secretly-edited.csv: content differs",
                        "sizes/grows.csv: size 5 -> 7",
                        "touched.csv: modified " + old.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                                + " -> " + Instant.ofEpochMilli(old.toMillis() + 60_000));
    }

    @Test
    void aPublicLinkNeedsEveryDirectoryExecutableAndEveryFileReadableByOthers() throws Exception {
        Files.setPosixFilePermissions(data.resolve("sizes"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(data.resolve("iris.csv"), PosixFilePermissions.fromString("rw-r-----"));

        Verification v = DataCheck.run(data, Optional.empty(), true, false, 2);

        assertThat(v.holds()).isFalse();
        assertThat(v.notPublic().first()).containsExactly("iris.csv: not o+r", "sizes/: not o+x");
        assertThat(v.manifestChecked()).isFalse();
        // the same tree without a public link holds: nothing else was asked
        assertThat(DataCheck.run(data, Optional.empty(), false, false, 2).holds())
                .isTrue();
    }

    @Test
    void aMissingDataPathDoesNotHold() {
        Verification v = DataCheck.run(tmp.resolve("gone"), Optional.of(manifest), true, false, 1);
        assertThat(v.holds()).isFalse();
        assertThat(v.dataPathExists()).isFalse();
    }

    @Test
    void refusesAManifestPart() {
        Path part = Manifest.build(data, tmp.resolve("p/m.part-1-of-2.jsonl.gz"), Optional.empty(), new Shard(1, 2), 1)
                .manifest();
        assertThatThrownBy(() -> DataCheck.run(data, Optional.of(part), false, false, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is part 1/2");
    }
}
