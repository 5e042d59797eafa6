package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.api.HubEndpoint;
import java.net.URI;

/** The query of an API call: parameters in order, each percent-encoded; null values are left out. */
final class QueryString {
    private final StringBuilder q = new StringBuilder();

    QueryString add(String name, String value) {
        if (value != null) {
            q.append(q.length() == 0 ? "" : "&")
                    .append(HubEndpoint.encode(name))
                    .append('=')
                    .append(HubEndpoint.encode(value));
        }
        return this;
    }

    URI on(URI uri) {
        return q.length() == 0 ? uri : URI.create(uri + "?" + q);
    }
}
