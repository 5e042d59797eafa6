package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches each request to its route and turns every failure into the Hub's error answer:
 * status, {@code X-Error-Code}, {@code X-Error-Message}, JSON {@code {"error": ...}}. Malformed
 * input is a 400, never a 500; a 500 names no server path and no exception.
 */
final class HubHandler extends Handler.Abstract {

    /** What a route does with a request whose path matched. */
    interface Action {
        void handle(HubExchange ex, Matcher path) throws IOException;
    }

    /** A route: methods, a pattern over the raw (still percent-encoded) path, and its action. */
    record Route(Set<String> methods, Pattern path, Action action) {
        static Route of(String methods, String regex, Action action) {
            return new Route(Set.of(methods.split("\\|")), Pattern.compile(regex), action);
        }
    }

    private final ServerContext hub;
    private final List<Route> routes = new ArrayList<>();
    private final PageRoutes pages = new PageRoutes();

    HubHandler(ServerContext hub) {
        this.hub = hub;
        routes.addAll(new RepoRoutes().routes());
        routes.addAll(new FileRoutes().routes());
        routes.addAll(new CommitRoutes().routes());
        routes.addAll(new LfsRoutes().routes());
        routes.addAll(new GitRoutes().routes());
        routes.addAll(new LfsDownloads().routes());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HubExchange ex = new HubExchange(request, response, hub);
        try {
            dispatch(ex);
            callback.succeeded();
        } catch (ClientStreams.ClientGone gone) {
            // nobody is left to answer: the connection is closed
            callback.failed(gone);
        } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
            HubError error = answerFor(e);
            if (ex.answered()) {
                // the answer broke off after its headers (a download whose source failed): close the connection
                callback.failed(error);
                return true;
            }
            try {
                ex.respondError(error);
                callback.succeeded();
            } catch (IOException | RuntimeException unanswerable) {
                callback.failed(unanswerable);
            }
        }
        return true;
    }

    private void dispatch(HubExchange ex) throws IOException {
        String path = ex.rawPath();
        ex.query(); // a malformed query is a 400 on every route, whether it reads the query or not
        if (pages.answer(ex, path)) {
            return;
        }
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (m.matches()) {
                pathKnown = true;
                if (r.methods().contains(ex.method())) {
                    r.action().handle(ex, m);
                    return;
                }
            }
        }
        throw pathKnown
                ? new HubError(405, null, "Method " + ex.method() + " is not allowed on " + path)
                : new HubError(404, null, "Sorry, we can't find the page you are looking for: " + path);
    }

    /**
     * The answer to a failure: the client's input is a 400; the hub's own trouble is a 500 that
     * says which kind it was, never with a server path or an exception's name.
     */
    private static HubError answerFor(Throwable e) {
        if (e instanceof HubError h) {
            return h;
        }
        if (e instanceof InvalidInputException) {
            return HubError.badRequest(e.getMessage());
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return HubError.badRequest("request body is not valid JSON: " + j.getOriginalMessage());
        }
        if (e instanceof IllegalArgumentException) {
            // base64, numbers, path and ref names that the libraries refuse: the client's input
            return HubError.badRequest("bad request: " + e.getMessage());
        }
        if (e instanceof IOException) {
            return new HubError(500, null, "the local hub could not read or write its files");
        }
        return new HubError(500, null, "internal error of the local hub");
    }

    /** The repo named by groups 1 and 2 of a route's path. */
    static RepoId repoId(Matcher m) {
        return new RepoId(RequestText.decodePath(m.group(1)), RequestText.decodePath(m.group(2)));
    }
}
