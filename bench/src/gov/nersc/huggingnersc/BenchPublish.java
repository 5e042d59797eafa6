package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.hub.CommitInfo;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Bench set-up for upload-data: publishes an entry's card to the embedded hub and records it, as
 * upload-dataset does (which this branch does not have yet). Usage: CATALOG_ROOT HUB_DIR NICKNAME ORG
 */
public final class BenchPublish {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String nickname = args[2];
        RepoId repo = new RepoId(args[3], nickname);
        try (HubConnection hub = HubConnection.open("file:" + args[1], Optional.empty())) {
            HubClient client = hub.client();
            client.createRepo(repo, false, true);
            CommitInfo c = client.commit(
                    repo,
                    CommitRequest.onMain(
                            "Publish " + nickname,
                            List.of(new CommitOperation.Add(
                                    "README.md",
                                    ContentSource.of(Files.readString(
                                            root.resolve(nickname).resolve("README.md")))))));
            new Catalog(root).recordPublished(nickname, c.oid(), Instant.now());
        }
    }
}
