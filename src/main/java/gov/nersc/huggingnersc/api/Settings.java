package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a command needs to know about where things go, resolved once per command from flags,
 * then the environment, then the config file, then defaults (see {@code config.SettingsResolver}).
 *
 * @param endpoint the Hub: {@code https://huggingface.co}, {@code http://host:port} of a {@code hub
 *     serve}, or {@code file:DIR} for the embedded local hub
 * @param endpointSource where the endpoint came from, for messages ({@code --endpoint}, {@code
 *     HF_ENDPOINT}, the config file, or {@code default})
 * @param token the Hub token, if one was found
 * @param org the Hub organization that owns the dataset repos
 * @param catalogRoot the directory that holds one folder per catalog entry
 * @param home HuggingNERSC's own state ({@code HUGGINGNERSC_HOME})
 * @param jupyterUrlPrefix prefix put before a notebook's absolute path to open it on Jupyter
 * @param portalUrl base URL of the portal that serves {@code www} directories, for {@code auto}
 *     download links
 * @param globusCollection UUID of the Globus collection that the card's transfer link for data on CFS
 *     opens (unless the metadata names a collection of its own)
 * @param embeddedByDefault true when the embedded hub was chosen because no token and no endpoint
 *     were given, so commands say how to publish to huggingface.co later
 * @param allowInsecureToken true when the user explicitly allowed sending the token over plain http
 *     to a host that is not this machine ({@code HUGGINGNERSC_ALLOW_INSECURE_TOKEN=1})
 */
public record Settings(
        String endpoint,
        String endpointSource,
        Optional<HubToken> token,
        String org,
        Path catalogRoot,
        Path home,
        String jupyterUrlPrefix,
        String portalUrl,
        String globusCollection,
        boolean embeddedByDefault,
        boolean allowInsecureToken) {

    /** Settings that keep the token to https and loopback, with NERSC's portal and Globus collection. */
    public Settings(
            String endpoint,
            String endpointSource,
            Optional<HubToken> token,
            String org,
            Path catalogRoot,
            Path home,
            String jupyterUrlPrefix,
            boolean embeddedByDefault) {
        this(
                endpoint,
                endpointSource,
                token,
                org,
                catalogRoot,
                home,
                jupyterUrlPrefix,
                DEFAULT_PORTAL_URL,
                DEFAULT_GLOBUS_COLLECTION,
                embeddedByDefault,
                false);
    }

    /** The public Hub. */
    public static final String HUGGINGFACE_CO = HubEndpoint.HUGGINGFACE_CO;

    /** The organization the earlier tool used, and our default. */
    public static final String DEFAULT_ORG = "NERSC";

    /** Where NERSC keeps the catalog of AI-ready datasets. */
    public static final Path NERSC_CATALOG_ROOT = Path.of("/global/cfs/cdirs/dasrepo/ai_ready_datasets");

    /** NERSC's JupyterHub: the notebook's absolute path follows this prefix. */
    public static final String DEFAULT_JUPYTER_URL_PREFIX = "https://jupyter.nersc.gov/hub/user-redirect/lab/tree";

    /** NERSC's Science Gateway portal: {@code www} paths are public under it. */
    public static final String DEFAULT_PORTAL_URL = "https://portal.nersc.gov";

    /** NERSC's "NERSC DTN" Globus collection, which reaches all of CFS. */
    public static final String DEFAULT_GLOBUS_COLLECTION = "9d6d994a-6d04-11e5-ba46-22000b92c6ec";

    /** The endpoint as a {@link HubEndpoint}: its normal form and the URLs of repos on it. */
    public HubEndpoint hub() {
        return new HubEndpoint(endpoint);
    }

    /** True when the endpoint was given (flag, HF_ENDPOINT or config file), not chosen by default. */
    public boolean endpointGiven() {
        return !endpointSource.startsWith("default");
    }

    /** True when the endpoint is the embedded local hub ({@code file:DIR}). */
    public boolean embeddedHub() {
        return embeddedHubDir().isPresent();
    }

    /** The directory of the embedded local hub, for a {@code file:DIR} endpoint. */
    public Optional<Path> embeddedHubDir() {
        return new HubEndpoint(endpoint).embeddedDir();
    }

    public Settings withEndpoint(String newEndpoint) {
        return new Settings(
                newEndpoint,
                endpointSource,
                token,
                org,
                catalogRoot,
                home,
                jupyterUrlPrefix,
                portalUrl,
                globusCollection,
                false,
                allowInsecureToken);
    }

    public Settings withToken(Optional<HubToken> newToken) {
        return new Settings(
                endpoint,
                endpointSource,
                newToken,
                org,
                catalogRoot,
                home,
                jupyterUrlPrefix,
                portalUrl,
                globusCollection,
                embeddedByDefault,
                allowInsecureToken);
    }
}
