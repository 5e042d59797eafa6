package gov.nersc.huggingnersc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import gov.nersc.huggingnersc.config.Settings;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.hub.HubToken;
import java.net.URI;
import java.util.Optional;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: the root command's global options and settings, and the output
 * streams. A command parses, calls the facade, prints; it holds no domain logic.
 */
public abstract class BaseCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec protected CommandSpec spec;

  protected Main root() {
    return (Main) spec.root().userObject();
  }

  protected Settings settings() {
    return root().settings();
  }

  /** A client for the settings' endpoint and token. */
  protected HubClient hubClient() {
    return hubClient(settings().endpoint(), settings().token());
  }

  /** A client for {@code endpoint} with {@code token}. */
  protected HubClient hubClient(String endpoint, Optional<HubToken> token) {
    if (endpoint.startsWith("file:")) {
      throw new OperationFailedException("the embedded hub (" + endpoint + ") is not available to this command "
          + "yet; give --endpoint https://huggingface.co or the URL of a `hub serve`");
    }
    return HubClient.builder().endpoint(URI.create(endpoint)).token(token).build();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A notice on stderr, unless --quiet. */
  protected void notice(String line) {
    if (!root().quiet()) {
      err().println(line);
      err().flush();
    }
  }

  /** Prints a value as indented JSON on stdout (for --json). */
  protected void printJson(Object value) {
    try {
      out().println(JSON.writeValueAsString(value));
      out().flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON output", e);
    }
  }
}
