package gov.nersc.huggingnersc.api;

import java.util.List;

/**
 * Who a token belongs to, from {@code GET /api/whoami-v2}.
 *
 * @param name the user (or org, or app) name: the default namespace
 * @param type {@code user}, {@code org} or {@code app}
 * @param fullname the display name, or null
 * @param orgs the names of the organizations the user belongs to
 * @param tokenRole the token's role ({@code read}, {@code write}, {@code fineGrained}...), or null
 * @param tokenName the name the token was given when it was made, or null
 */
public record WhoAmI(String name, String type, String fullname, List<String> orgs, String tokenRole, String tokenName) {
    public WhoAmI {
        orgs = List.copyOf(orgs);
    }

    /** Who a token belongs to, when the Hub does not say the token's name. */
    public WhoAmI(String name, String type, String fullname, List<String> orgs, String tokenRole) {
        this(name, type, fullname, orgs, tokenRole, null);
    }
}
