package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HubConnection;
import gov.nersc.huggingnersc.hub.HubClient;

/**
 * A command that breaks the package rules on purpose (test code only): it reaches the Hub client
 * past the facade. {@code ArchitectureTest} shows that the rule of {@code cli} reports it.
 */
public final class CrossesTheLine {
    private CrossesTheLine() {}

    static String whoami(HubConnection connection) {
        HubClient client = connection.client();
        return client.whoami().name();
    }
}
