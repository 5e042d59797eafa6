package gov.nersc.huggingnersc.api;

/**
 * Who the configured token belongs to, on which Hub, and where the token came from.
 *
 * @param me the Hub's whoami answer
 * @param endpoint the Hub asked
 * @param endpointSource where the endpoint was configured
 * @param tokenSource where the token came from (an environment variable, a file)
 */
public record Identity(WhoAmI me, String endpoint, String endpointSource, String tokenSource) {}
