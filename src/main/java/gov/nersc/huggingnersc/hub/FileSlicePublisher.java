package gov.nersc.huggingnersc.hub;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body of {@code length} bytes of a file from {@code offset}, read with positional reads
 * into buffers of up to {@link #CHUNK} bytes as the HTTP client asks for them: fewer and larger
 * pieces than {@code BodyPublishers.ofInputStream}'s 16 KiB, nothing read ahead of the client's
 * demand (so memory stays bounded), and each subscription (a retry) reads from the start again.
 */
final class FileSlicePublisher implements Flow.Publisher<ByteBuffer> {
    /** The largest piece handed to the HTTP client. */
    static final int CHUNK = 256 << 10;

    private final Path file;
    private final long offset;
    private final long length;

    FileSlicePublisher(Path file, long offset, long length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(e);
            return;
        }
        Slice slice = new Slice(channel, subscriber);
        subscriber.onSubscribe(slice);
        slice.drain();
    }

    /** One reading of the slice, for one subscriber; {@link #drain} runs on one thread at a time. */
    private final class Slice implements Flow.Subscription {
        private final FileChannel channel;
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger work = new AtomicInteger();
        private volatile boolean cancelled;
        private long sent;
        private boolean done;

        Slice(FileChannel channel, Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.channel = channel;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled = true;
                drain();
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            drain();
        }

        /** Sends what is asked for and ends the slice; re-entrant calls only leave work for the running one. */
        void drain() {
            if (work.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (!done && !cancelled && demand.get() > 0 && sent < length) {
                    ByteBuffer piece;
                    try {
                        piece = read();
                    } catch (IOException e) {
                        finish();
                        subscriber.onError(e);
                        break;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(piece);
                }
                if (!done && (cancelled || sent == length)) {
                    finish();
                    if (!cancelled) {
                        subscriber.onComplete();
                    }
                }
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }

        private ByteBuffer read() throws IOException {
            ByteBuffer piece = ByteBuffer.allocate((int) Math.min(CHUNK, length - sent));
            while (piece.hasRemaining()) {
                if (channel.read(piece, offset + sent + piece.position()) < 0) {
                    throw new EOFException(file + " ended at byte " + (offset + sent + piece.position())
                            + ", before byte " + (offset + length) + " that the upload needs: it shrank while it was"
                            + " being uploaded");
                }
            }
            sent += piece.position();
            return piece.flip();
        }

        private void finish() {
            done = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // a file opened for reading only loses nothing when its close fails
            }
        }
    }
}
