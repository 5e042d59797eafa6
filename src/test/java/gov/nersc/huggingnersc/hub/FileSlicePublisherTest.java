package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LFS bodies read from a file: the slice asked for, only as fast as the HTTP client asks, every time it asks. */
class FileSlicePublisherTest {
    static final int CHUNK = FileSlicePublisher.CHUNK;

    @TempDir
    Path dir;

    /** Takes one piece at a time, asking for the next from inside onNext, as the HTTP client may. */
    static final class Reader implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean askForMore = true;
        int pieces;
        boolean complete;
        Throwable error;
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer piece) {
            assertThat(piece.remaining()).isLessThanOrEqualTo(CHUNK);
            pieces++;
            byte[] b = new byte[piece.remaining()];
            piece.get(b);
            bytes.writeBytes(b);
            if (askForMore) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "0, 600000", "7, 262144", "75000, 524289", "599999, 1"})
    void eachSubscriptionReadsTheSliceFromItsStartInPiecesOfAtMostTheChunk(long offset, long length) throws Exception {
        byte[] data = new byte[600_000];
        new Random(1).nextBytes(data);
        Path file = Files.write(dir.resolve("f"), data);
        FileSlicePublisher slice = new FileSlicePublisher(file, offset, length);
        byte[] expected = Arrays.copyOfRange(data, (int) offset, (int) (offset + length));

        for (int attempt = 1; attempt <= 2; attempt++) { // a retry subscribes again
            Reader r = new Reader();
            slice.subscribe(r);
            assertThat(r.error).isNull();
            assertThat(r.complete).isTrue();
            assertThat(r.bytes.toByteArray()).isEqualTo(expected);
            assertThat(r.pieces).isEqualTo((int) ((length + CHUNK - 1) / CHUNK));
        }
    }

    @Test
    void nothingIsReadBeforeItIsAskedFor() throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[3 * CHUNK]);
        Reader r = new Reader();
        r.askForMore = false;

        new FileSlicePublisher(file, 0, 3 * CHUNK).subscribe(r);

        assertThat(r.pieces).isEqualTo(1);
        assertThat(r.complete).isFalse();
        r.subscription.request(5);
        assertThat(r.pieces).isEqualTo(3);
        assertThat(r.complete).isTrue();
    }

    @Test
    void aFileThatShrankEndsTheBodyWithAnErrorNamingIt() throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[1000]);
        Reader r = new Reader();

        new FileSlicePublisher(file, 500, 1000).subscribe(r);

        assertThat(r.complete).isFalse();
        assertThat(r.error).isInstanceOf(EOFException.class).hasMessageContaining(file.toString());
    }
}
