package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The streams between a request's route and its client: a client that stops sending its body, or
 * stops taking the answer, past the idle timeout (or breaks off) is a {@link ClientGone}, which
 * the handler never mistakes for a failure of the hub; a body past its limit is a 413.
 */
final class ClientStreams {
    private ClientStreams() {}

    /** The client broke off: it stopped sending its request or taking the answer. Nobody is left to answer. */
    static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super("the client broke off", cause, false, false);
        }
    }

    /** The request body; the client breaking off or stalling past the idle timeout is a {@link ClientGone}. */
    static final class In extends java.io.FilterInputStream {
        In(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            try {
                return super.read(buf, off, len);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }
    }

    /** The answer's body; the client not taking it (past the idle timeout) is a {@link ClientGone}. */
    static final class Out extends java.io.FilterOutputStream {
        Out(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }
    }

    /** Stops reading past a limit, answering 413. */
    static final class Bounded extends java.io.FilterInputStream {
        private long left;
        private final long max;

        Bounded(InputStream in, long max) {
            super(in);
            this.left = max;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                left -= n;
                if (left < 0) {
                    throw tooLarge();
                }
            }
            return n;
        }

        private HubError tooLarge() {
            return new HubError(413, null, "Request body is larger than the " + max + " bytes allowed");
        }
    }
}
