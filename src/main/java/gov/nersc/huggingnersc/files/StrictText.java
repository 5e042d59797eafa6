package gov.nersc.huggingnersc.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Strict UTF-8 decoding, the one home for it: bytes that are not UTF-8 are refused with the offset of
 * the first bad one, never turned into replacement characters (a Latin-1 or UTF-16 file would otherwise
 * turn into garbage in a card or an info JSON). Callers word the refusal for their file.
 */
public final class StrictText {
    private StrictText() {}

    /** Bytes that are not UTF-8 text; {@link #offset()} is where the first bad byte is. */
    public static final class NotUtf8 extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        NotUtf8(int offset) {
            super("not UTF-8 text (bad byte at offset " + offset + ")");
            this.offset = offset;
        }

        /** The offset of the first byte that is not UTF-8. */
        public int offset() {
            return offset;
        }
    }

    /** The text of {@code bytes}, which must be UTF-8. */
    public static String decode(byte[] bytes) throws NotUtf8 {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new NotUtf8(in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The text of {@code file}, which must be UTF-8. */
    public static String read(Path file) throws IOException, NotUtf8 {
        return decode(Files.readAllBytes(file));
    }
}
