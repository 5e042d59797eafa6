package gov.nersc.huggingnersc.api;

import java.nio.file.Path;

/**
 * What {@code login} did: whom the Hub says the token belongs to, and how it was saved.
 *
 * @param me the token's owner, as the Hub's whoami answers
 * @param saved what was written and replaced
 * @param activeFile the file that holds the endpoint's active token
 */
public record LoginResult(WhoAmI me, TokenSaved saved, Path activeFile) {}
