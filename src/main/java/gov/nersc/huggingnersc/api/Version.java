package gov.nersc.huggingnersc.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of HuggingNERSC and the git commit it was built from, as recorded by Maven. */
public final class Version {
    private static final Properties BUILD = load();
    private static final String VERSION = recorded("version", "dev");

    private Version() {}

    /** E.g. {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    /**
     * The abbreviated git commit the build was made from, with {@code -dirty} when the working tree had
     * uncommitted changes; {@code unknown} when built without git history (from a source tarball).
     */
    public static String commit() {
        String commit = recorded("commit", "unknown");
        return "true".equals(recorded("dirty", "false")) && !commit.equals("unknown") ? commit + "-dirty" : commit;
    }

    /** The User-Agent sent to the Hub: {@code huggingnersc/<version>; java/<version>}. */
    public static String userAgent() {
        return "huggingnersc/" + VERSION + "; java/" + System.getProperty("java.version");
    }

    /** A recorded value, or the fallback when it is missing or was left unfiltered ({@code ${...}}). */
    private static String recorded(String key, String fallback) {
        String value = BUILD.getProperty(key, "").strip();
        return value.isEmpty() || value.startsWith("${") ? fallback : value;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves the fallbacks: "dev", "unknown"
        }
        return p;
    }
}
