package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.api.RepoId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Git's smart HTTP protocol, so that {@code git clone http://HOST:PORT/datasets/ORG/NAME} (with or
 * without {@code .git}) works as on the Hub: {@code info/refs}, {@code git-upload-pack} (clone,
 * fetch) and {@code git-receive-pack} (push), served by JGit's {@link UploadPack} and
 * {@link ReceivePack}. Public repos are read anonymously; private repos, and every push, need the
 * token as the password of HTTP Basic credentials (any user name). Without it the answer is 401
 * with {@code WWW-Authenticate: Basic}, so git asks its credential helper, and a repo that does
 * not exist looks the same as a private one. A push is checked by {@link GitPush}.
 */
final class GitRoutes {
    private static final String REPO = "/datasets/([^/]+)/([^/]+?)(?:\\.git)?";
    private static final String UPLOAD = "git-upload-pack";
    private static final String RECEIVE = "git-receive-pack";

    List<HubHandler.Route> routes() {
        return List.of(
                HubHandler.Route.of("GET", REPO + "/info/refs", this::advertise),
                HubHandler.Route.of("POST", REPO + "/" + UPLOAD, this::upload),
                HubHandler.Route.of("POST", REPO + "/" + RECEIVE, this::receive));
    }

    /**
     * Opens a repo for git or git-lfs: reading a public repo needs nothing; reading a private one,
     * or writing, needs the token. A request without it (or with another) gets a 401 that asks for
     * Basic credentials; one with it, for a repo that does not exist, a 404.
     */
    static DatasetRepo open(HubExchange ex, RepoId id, boolean write) throws IOException {
        boolean auth;
        try {
            auth = ex.authenticated();
        } catch (HubError wrongToken) {
            throw challenge(ex, "Invalid credentials: the password must be the local hub's token");
        }
        if (write && !auth) {
            throw challenge(ex, "Writing to " + id + " needs the local hub's token as the password");
        }
        if (!auth && (!ex.hub.repos().exists(id) || isPrivate(ex, id))) {
            throw challenge(
                    ex,
                    "Repository not found: " + id + " (a private repo needs the local hub's token as the password)");
        }
        return ex.hub.repos().open(id);
    }

    private static boolean isPrivate(HubExchange ex, RepoId id) throws IOException {
        try (DatasetRepo repo = ex.hub.repos().open(id)) {
            return repo.settings().isPrivate();
        } catch (HubError deletedMeanwhile) {
            return true;
        }
    }

    private static HubError challenge(HubExchange ex, String message) {
        ex.setHeader("WWW-Authenticate", "Basic realm=\"local hub\"");
        return new HubError(401, null, message);
    }

    /** {@code GET info/refs?service=...}: the refs, as the smart protocol advertises them. */
    private void advertise(HubExchange ex, Matcher m) throws IOException {
        String service = ex.param("service");
        if (!UPLOAD.equals(service) && !RECEIVE.equals(service)) {
            throw HubError.badRequest("info/refs: service must be " + UPLOAD + " or " + RECEIVE
                    + "; the local hub speaks git's smart HTTP protocol only");
        }
        try (DatasetRepo repo = open(ex, HubHandler.repoId(m), service.equals(RECEIVE))) {
            ex.drain();
            ex.setHeader("Content-Type", "application/x-" + service + "-advertisement");
            ex.setHeader("Cache-Control", "no-cache");
            try (OutputStream out = ex.answer(200, -1)) {
                PacketLineOut pck = new PacketLineOut(out);
                pck.writeString("# service=" + service + "\n");
                pck.end();
                RefAdvertiser.PacketLineOutRefAdvertiser adv = new RefAdvertiser.PacketLineOutRefAdvertiser(pck);
                if (service.equals(UPLOAD)) {
                    uploadPack(repo).sendAdvertisedRefs(adv);
                } else {
                    receivePack(repo, null).sendAdvertisedRefs(adv);
                }
            }
        }
    }

    /** {@code POST git-upload-pack}: the pack a clone or fetch asked for. */
    private void upload(HubExchange ex, Matcher m) throws IOException {
        try (DatasetRepo repo = open(ex, HubHandler.repoId(m), false)) {
            InputStream in = requestBody(ex);
            ex.setHeader("Content-Type", "application/x-" + UPLOAD + "-result");
            ex.setHeader("Cache-Control", "no-cache");
            try (OutputStream out = ex.answer(200, -1)) {
                uploadPack(repo).upload(in, out, null);
            } catch (PackProtocolException e) {
                throw HubError.badRequest("git-upload-pack: " + e.getMessage());
            }
        }
    }

    /**
     * {@code POST git-receive-pack}: a push. Its refs move only after {@link GitPush} accepted them,
     * with the repo's lock held from then until they moved, as for a commit through the API.
     */
    private void receive(HubExchange ex, Matcher m) throws IOException {
        GitPush guard = null;
        try (DatasetRepo repo = open(ex, HubHandler.repoId(m), true)) {
            guard = new GitPush(ex.hub.repos(), repo, ex.hub.lfs());
            InputStream in = requestBody(ex);
            ex.setHeader("Content-Type", "application/x-" + RECEIVE + "-result");
            ex.setHeader("Cache-Control", "no-cache");
            try (OutputStream out = ex.answer(200, -1)) {
                receivePack(repo, guard).receive(in, out, null);
            }
        } finally {
            if (guard != null) {
                guard.release();
            }
        }
    }

    private static InputStream requestBody(HubExchange ex) throws IOException {
        InputStream in = ex.body(ex.hub.options().maxCommitBytes());
        String encoding = ex.header("Content-Encoding");
        if (encoding == null || !encoding.strip().equalsIgnoreCase("gzip")) {
            return in;
        }
        try {
            return new GZIPInputStream(in);
        } catch (ZipException e) {
            throw HubError.badRequest(
                    "the request says Content-Encoding: gzip, but its body is not gzip: " + e.getMessage());
        }
    }

    private static UploadPack uploadPack(DatasetRepo repo) {
        UploadPack up = new UploadPack(repo.git);
        up.setBiDirectionalPipe(false);
        return up;
    }

    private static ReceivePack receivePack(DatasetRepo repo, GitPush guard) {
        ReceivePack rp = new ReceivePack(repo.git);
        rp.setBiDirectionalPipe(false);
        rp.setAllowNonFastForwards(false);
        rp.setAllowCreates(true);
        rp.setAllowDeletes(true);
        rp.setAtomic(true);
        rp.setCheckReceivedObjects(true);
        rp.setObjectChecker(GitSafety.checker());
        rp.setRefLogIdent(new PersonIdent(LocalHub.USER, LocalHub.USER + "@localhost"));
        if (guard != null) {
            rp.setPreReceiveHook(guard);
        }
        return rp;
    }
}
