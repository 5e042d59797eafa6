package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentSourceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 511, 512, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 7})
    void streamedSha256MatchesTheDigestOfTheWholeFile(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path file = Files.write(dir.resolve("f"), bytes);
        String whole =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(ContentSource.of(file).sha256()).isEqualTo(whole);
        assertThat(ContentSource.of(bytes).sha256()).isEqualTo(whole);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello\n"})
    void gitBlobIdIsWhatGitComputes(String text) throws Exception {
        // git hash-object of "" and of "hello\n"
        String expected = text.isEmpty()
                ? "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
                : "ce013625030ba8dba906f756967f9e9ca394464a";
        assertThat(ContentSource.of(text.getBytes(StandardCharsets.UTF_8)).gitBlobSha1())
                .isEqualTo(expected);
    }

    @Test
    void aKnownSha256IsTakenUnreadWhileSizeAndMtimeMatchAndTheFileIsHashedOnceEitherChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "data");
        long mtime = Files.getLastModifiedTime(file).toMillis();
        String known = "0".repeat(64); // not the file's: only taken unread can it come back
        String actual = ContentSource.of(file).sha256();

        assertThat(ContentSource.of(file, new ContentSource.KnownSha256(4, mtime, known, ""))
                        .sha256())
                .isEqualTo(known);
        assertThat(ContentSource.of(file, new ContentSource.KnownSha256(5, mtime, known, ""))
                        .sha256())
                .isEqualTo(actual);
        assertThat(ContentSource.of(file, new ContentSource.KnownSha256(4, mtime - 1000, known, ""))
                        .sha256())
                .isEqualTo(actual);
    }
}
