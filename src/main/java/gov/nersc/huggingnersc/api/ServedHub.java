package gov.nersc.huggingnersc.api;

import java.nio.file.Path;

/** A local hub being served over HTTP until {@link #close()}. */
public interface ServedHub extends AutoCloseable {
    /** Its base URL, the value for {@code HF_ENDPOINT}. */
    String url();

    /** The folder of its repos. */
    Path dir();

    /** The file holding the bearer token writes need. */
    Path tokenFile();

    /** Stops serving; closing again does nothing. */
    @Override
    void close();
}
