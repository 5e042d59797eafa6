package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNerscTools;
import gov.nersc.huggingnersc.api.HubServeOptions;
import gov.nersc.huggingnersc.api.ServedHub;
import java.nio.file.Path;
import java.util.Optional;
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

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Folder of the repos (created if missing).")
    Path dir;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "0",
            description = "TCP port (default: a free one, printed at start).")
    int port;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the bearer token writes need; created with a new hf_ token (mode 0600) "
                    + "if missing (default: DIR/token).")
    Path tokenFile;

    @Option(
            names = "--page-size",
            paramLabel = "N",
            defaultValue = "100",
            description = "Items per page of listings, followed through Link headers (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(
            names = "--multipart-chunk-size",
            paramLabel = "BYTES",
            defaultValue = "67108864",
            description = "LFS uploads larger than this go in parts of this size: 5242880 (5 MiB) to 5368709120 "
                    + "(5 GiB), the part sizes of S3 multipart uploads (default: ${DEFAULT-VALUE}, 64 MiB).")
    long chunkSize;

    @Override
    public Integer call() {
        ServedHub hub = HuggingNerscTools.serveHub(
                new HubServeOptions(dir, host, port, Optional.ofNullable(tokenFile), pageSize, chunkSize));
        Path tokens = hub.tokenFile();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    hub.close();
                    stopped.countDown();
                },
                "localhub-shutdown");
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
            hub.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook runs anyway
            }
        }
        return ExitCodes.OK;
    }
}
