package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.hub.HubToken;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.publish.PublishOptions;
import gov.nersc.huggingnersc.publish.Publisher;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Test set-ups shared by the command tests. */
final class Fixtures {
  private Fixtures() {}

  /** Publishes a catalog entry on {@code hub}, recording {@code endpoint} (the URL the CLI is given). */
  static void publish(Path catalogRoot, String endpoint, LocalHub hub, String nickname) {
    HubClient client = HubClient.builder().endpoint(URI.create(hub.url()))
        .token(Optional.of(new HubToken(hub.token(), "test"))).build();
    new Publisher(new Catalog(catalogRoot), client, endpoint).publish(nickname, PublishOptions.defaults());
  }
}
