package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code huggingnersc hub serve}: serves the repos under a folder over HTTP until Ctrl-C. Prints
 * the URL and where the token is, never the token.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the dataset repos under DIR as a Hugging Face Hub-compatible endpoint, until Ctrl-C.",
      "Repos are bare git repositories (git clone DIR/datasets/NS/NAME.git works); LFS objects are kept "
          + "by sha256 under DIR/lfs/objects. Reads of public repos are open; writes need the token."
    })
public final class HubServeCommand extends BaseCommand {

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder of the repos (created if missing).")
  Path dir;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "TCP port (default: a free one, printed at start).")
  int port;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the bearer token writes need; created with a new hf_ token (mode 0600) "
          + "if missing (default: DIR/token).")
  Path tokenFile;

  @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
      description = "Items per page of listings, followed through Link headers (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(names = "--multipart-chunk-size", paramLabel = "BYTES", defaultValue = "67108864",
      description = "LFS uploads larger than this go in parts of this size: 5242880 (5 MiB) to 5368709120 "
          + "(5 GiB), the part sizes of S3 multipart uploads (default: ${DEFAULT-VALUE}, 64 MiB).")
  long chunkSize;

  /** The part sizes S3 (behind the Hub's LFS multipart uploads) allows, and so the local hub. */
  static final long MIN_CHUNK = 5L << 20;
  static final long MAX_CHUNK = 5L << 30;

  @Override
  public Integer call() {
    checkOptions();
    Path tokens = tokenFile != null ? tokenFile : dir.resolve("token");
    LocalHub hub;
    try {
      hub = LocalHub.start(dir, LocalHub.Options.defaults().withHost(host).withPort(port)
          .withPageSize(pageSize).withMultipartChunkSize(chunkSize), tokens);
    } catch (UnknownHostException e) {
      throw new InvalidInputException("--host " + host + ": not a name or address of this machine");
    } catch (IOException e) {
      // the server wraps the socket's BindException in an IOException of its own
      Throwable bind = e instanceof BindException ? e : e.getCause();
      if (bind instanceof BindException) {
        throw new InvalidInputException("--host " + host + " --port " + port + ": cannot listen there ("
            + bind.getMessage() + "); " + (port == 0 ? "give an address of this machine"
            : "the port is taken (another hub serve?): choose another --port, or leave it out for a free one"));
      }
      throw new OperationFailedException("cannot serve " + dir + " on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      hub.stop();
      stopped.countDown();
    }, "localhub-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (root().quiet()) {
      out().println(hub.url());
    } else {
      out().println("Local hub serving " + dir.toAbsolutePath() + " at " + hub.url());
      out().println("Token: in " + tokens.toAbsolutePath() + " (send it as Authorization: Bearer <token>)");
      out().println("Use it: HF_ENDPOINT=" + hub.url() + " HF_TOKEN=$(cat " + tokens.toAbsolutePath() + ")");
      out().println("Stop with Ctrl-C.");
    }
    out().flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // an embedding program (or a test) stops the server by interrupting this thread
      Thread.currentThread().interrupt();
    } finally {
      hub.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; the hook runs anyway
      }
    }
    return ExitCodes.OK;
  }

  /** Every option checked before anything is bound or created. */
  private void checkOptions() {
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("--port " + port + ": allowed are 0 (a free port) to 65535");
    }
    if (pageSize < 1) {
      throw new InvalidInputException("--page-size " + pageSize + ": must be at least 1");
    }
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
      throw new InvalidInputException("--multipart-chunk-size " + chunkSize + ": allowed are " + MIN_CHUNK
          + " (5 MiB) to " + MAX_CHUNK + " (5 GiB) bytes, the part sizes of S3 multipart uploads");
    }
    Path existing = dir.toAbsolutePath();
    while (!Files.exists(existing) && existing.getParent() != null) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new InvalidInputException("--dir " + dir + ": " + (existing.equals(dir.toAbsolutePath()) ? "is" : existing
          + " is") + " a file, not a folder; give the folder of the repos (created if missing)");
    }
    if (tokenFile != null && Files.isDirectory(tokenFile)) {
      throw new InvalidInputException("--token-file " + tokenFile + ": is a folder; give the file that holds (or "
          + "will hold) the token");
    }
  }
}
