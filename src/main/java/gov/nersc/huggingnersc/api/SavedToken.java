package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One saved Hub token as {@code auth list} shows it: never its value.
 *
 * @param endpoint the Hub it is for
 * @param name the name it is saved under; empty for an active token saved under no name
 * @param active true when it is the endpoint's active token
 * @param file the file that holds it
 */
public record SavedToken(String endpoint, Optional<String> name, boolean active, Path file) {}
