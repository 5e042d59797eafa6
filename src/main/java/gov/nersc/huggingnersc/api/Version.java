package gov.nersc.huggingnersc.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of HuggingNERSC, as built by Maven. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** E.g. {@code 0.1.0}. */
  public static String get() {
    return VERSION;
  }

  /** The User-Agent sent to the Hub: {@code huggingnersc/<version>; java/<version>}. */
  public static String userAgent() {
    return "huggingnersc/" + VERSION + "; java/" + System.getProperty("java.version");
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
