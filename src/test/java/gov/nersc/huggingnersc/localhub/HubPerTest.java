package gov.nersc.huggingnersc.localhub;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that each get a fresh local hub in a folder of their own, and HTTP to it. */
abstract class HubPerTest {
    @TempDir
    Path dir;

    LocalHub hub;
    HubHttp http;

    @BeforeEach
    void start() throws Exception {
        hub = LocalHub.start(dir, LocalHub.Options.defaults());
        http = new HubHttp(hub);
    }

    @AfterEach
    void stop() {
        hub.stop();
    }
}
