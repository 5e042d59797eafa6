package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.HubServeOptions;
import gov.nersc.huggingnersc.api.ServedHub;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serving a folder of repos as a local hub: every option checked before anything is bound or created. */
final class HubServing {
    private HubServing() {}

    static ServedHub serve(HubServeOptions o) {
        check(o);
        Path tokens = o.effectiveTokenFile();
        LocalHub hub;
        try {
            hub = LocalHub.start(
                    o.dir(),
                    LocalHub.Options.defaults()
                            .withHost(o.host())
                            .withPort(o.port())
                            .withPageSize(o.pageSize())
                            .withMultipartChunkSize(o.multipartChunkSize()),
                    tokens);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--host " + o.host() + ": not a name or address of this machine");
        } catch (IOException e) {
            // the server wraps the socket's BindException in an IOException of its own
            Throwable bind = e instanceof BindException ? e : e.getCause();
            if (bind instanceof BindException) {
                throw new InvalidInputException(
                        "--host " + o.host() + " --port " + o.port() + ": cannot listen there ("
                                + bind.getMessage() + "); "
                                + (o.port() == 0
                                        ? "give an address of this machine"
                                        : "the port is taken (another hub serve?): choose another --port, or leave it out for a free one"));
            }
            throw new OperationFailedException(
                    "cannot serve " + o.dir() + " on " + o.host() + ":" + o.port() + ": " + e.getMessage(), e);
        }
        return new ServedHub() {
            @Override
            public String url() {
                return hub.url();
            }

            @Override
            public Path dir() {
                return o.dir();
            }

            @Override
            public Path tokenFile() {
                return tokens;
            }

            @Override
            public void close() {
                hub.stop();
            }
        };
    }

    private static void check(HubServeOptions o) {
        if (o.port() < 0 || o.port() > 65535) {
            throw new InvalidInputException("--port " + o.port() + ": allowed are 0 (a free port) to 65535");
        }
        if (o.pageSize() < 1) {
            throw new InvalidInputException("--page-size " + o.pageSize() + ": must be at least 1");
        }
        if (o.multipartChunkSize() < HubServeOptions.MIN_CHUNK || o.multipartChunkSize() > HubServeOptions.MAX_CHUNK) {
            throw new InvalidInputException("--multipart-chunk-size " + o.multipartChunkSize() + ": allowed are "
                    + HubServeOptions.MIN_CHUNK + " (5 MiB) to " + HubServeOptions.MAX_CHUNK
                    + " (5 GiB) bytes, the part sizes of S3 multipart uploads");
        }
        Path dir = o.dir();
        Path existing = dir.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException(
                    "--dir " + dir + ": " + (existing.equals(dir.toAbsolutePath()) ? "is" : existing + " is")
                            + " a file, not a folder; give the folder of the repos (created if missing)");
        }
        if (o.tokenFile().filter(Files::isDirectory).isPresent()) {
            throw new InvalidInputException("--token-file " + o.tokenFile().get() + ": is a folder; give the file that "
                    + "holds (or will hold) the token");
        }
    }
}
