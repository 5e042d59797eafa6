package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The body of one commit, as the Hub's {@code POST .../commit/{rev}} takes it: one NDJSON line per
 * file added inline (base64), added through LFS (its oid and size) or deleted, after a header with
 * the summary and the parent commit. As {@code _prepare_commit_payload} in huggingface_hub's
 * {@code _commit_api.py}.
 */
final class CommitPayload {
    /** One line of the NDJSON commit, decided before anything is uploaded. */
    private sealed interface Line {
        record Inline(CommitOperation.Add add) implements Line {}

        record LfsFile(LfsUpload.LfsObject object) implements Line {}

        record Unchanged(String path) implements Line {}

        record Deleted(String key, String path) implements Line {}
    }

    /** Each line, complete once decided (an LFS file once it is hashed). */
    private final List<CompletableFuture<Line>> lines;

    private CommitPayload(List<CompletableFuture<Line>> lines) {
        this.lines = lines;
    }

    /**
     * Decides each line of {@code request}'s commit from the preupload {@code modes}, on {@code hashing}
     * in order, dropping additions whose content the Hub already has there; returns at once, so that
     * the first LFS objects are sent ({@link #lfsObjects()}) while the next ones are hashed.
     */
    static CommitPayload plan(CommitRequest request, Map<String, PreuploadFile> modes, ExecutorService hashing) {
        List<CompletableFuture<Line>> lines = new ArrayList<>();
        for (CommitOperation op : request.ops()) {
            lines.add(CompletableFuture.supplyAsync(
                    () -> {
                        if (op instanceof CommitOperation.Add a) {
                            return planAdd(a, modes.get(a.pathInRepo()));
                        }
                        return new Line.Deleted(
                                op instanceof CommitOperation.Delete ? "deletedFile" : "deletedFolder", op.path());
                    },
                    hashing));
        }
        return new CommitPayload(lines);
    }

    /** True when the commit changes anything: a file is added, changed or deleted. Waits for every line. */
    boolean hasChanges() {
        return lines.stream().anyMatch(l -> !(joined(l) instanceof Line.Unchanged));
    }

    /**
     * For each line in order, its LFS object to upload before the commit is posted, complete once the
     * line is decided; empty for a line that is not an LFS file the Hub lacks.
     */
    List<CompletableFuture<Optional<LfsUpload.LfsObject>>> lfsObjects() {
        return lines.stream()
                .map(l -> l.thenApply(line -> line instanceof Line.LfsFile f
                        ? Optional.of(f.object())
                        : Optional.<LfsUpload.LfsObject>empty()))
                .toList();
    }

    private static Line planAdd(CommitOperation.Add add, PreuploadFile mode) {
        try {
            if (mode != null && mode.shouldIgnore()) {
                return new Line.Unchanged(add.pathInRepo());
            }
            if (mode != null && mode.lfs()) {
                String oid = add.content().sha256();
                if (oid.equals(mode.remoteOid())) {
                    return new Line.Unchanged(add.pathInRepo());
                }
                return new Line.LfsFile(new LfsUpload.LfsObject(
                        add.pathInRepo(), add.content(), oid, add.content().size()));
            }
            if (mode != null
                    && mode.remoteOid() != null
                    && mode.remoteOid().equals(add.content().gitBlobSha1())) {
                return new Line.Unchanged(add.pathInRepo());
            }
            return new Line.Inline(add);
        } catch (IOException e) {
            throw unreadable(add, e);
        }
    }

    /** Writes the NDJSON commit body to a temporary file (inline files base64-encoded as they are read). */
    Path write(CommitRequest request, String parent) {
        try {
            Path file = Files.createTempFile("huggingnersc-commit", ".ndjson");
            try (OutputStream out = Files.newOutputStream(file);
                    JsonGenerator g = Transport.JSON.getFactory().createGenerator(out)) {
                g.setRootValueSeparator(new SerializedString("\n"));
                g.writeStartObject();
                g.writeStringField("key", "header");
                g.writeObjectFieldStart("value");
                g.writeStringField("summary", request.summary());
                g.writeStringField("description", request.description());
                g.writeStringField("parentCommit", parent);
                g.writeEndObject();
                g.writeEndObject();
                for (CompletableFuture<Line> line : lines) {
                    writeLine(g, joined(line));
                }
            }
            return file;
        } catch (IOException e) {
            throw new OperationFailedException("cannot prepare the commit: " + e.getMessage(), e);
        }
    }

    private static void writeLine(JsonGenerator g, Line line) throws IOException {
        if (line instanceof Line.Unchanged) {
            return;
        }
        g.writeStartObject();
        if (line instanceof Line.Inline in) {
            g.writeStringField("key", "file");
            g.writeObjectFieldStart("value");
            g.writeStringField("path", in.add().pathInRepo());
            g.writeFieldName("content");
            try (InputStream content = in.add().content().open()) {
                g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, content, (int)
                        in.add().content().size());
            }
            g.writeStringField("encoding", "base64");
        } else if (line instanceof Line.LfsFile f) {
            g.writeStringField("key", "lfsFile");
            g.writeObjectFieldStart("value");
            g.writeStringField("path", f.object().path());
            g.writeStringField("algo", "sha256");
            g.writeStringField("oid", f.object().oid());
            g.writeNumberField("size", f.object().size());
        } else if (line instanceof Line.Deleted d) {
            g.writeStringField("key", d.key());
            g.writeObjectFieldStart("value");
            g.writeStringField("path", d.path());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The value of {@code f} once it is complete; what it failed with, rethrown. */
    static <T> T joined(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while hashing files to commit", e);
        }
    }

    static OperationFailedException unreadable(CommitOperation.Add add, IOException e) {
        return new OperationFailedException(
                "cannot read the content for " + add.pathInRepo() + ": " + e.getMessage(), e);
    }
}
