package gov.nersc.huggingnersc.localhub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.hub.RepoId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dispatches each request to its route and turns every failure into the Hub's error answer:
 * status, {@code X-Error-Code}, {@code X-Error-Message}, JSON {@code {"error": ...}}. Malformed
 * input is a 400, never a 500.
 */
final class HubHandler implements HttpHandler {

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
  }

  @Override
  public void handle(HttpExchange http) {
    HubExchange ex = new HubExchange(http, hub);
    try {
      String path = http.getRequestURI().getRawPath();
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
    } catch (HubError e) {
      fail(ex, e);
    } catch (InvalidInputException e) {
      fail(ex, HubError.badRequest(e.getMessage()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      fail(ex, HubError.badRequest("request body is not valid JSON: " + e.getOriginalMessage()));
    } catch (IllegalArgumentException e) {
      // base64, numbers, path and ref names that the libraries refuse: the client's input
      fail(ex, HubError.badRequest("bad request: " + e.getMessage()));
    } catch (IOException e) {
      fail(ex, new HubError(500, null, "the local hub could not read or write its files: " + e.getMessage()));
    } catch (RuntimeException | LinkageError | AssertionError e) {
      fail(ex, new HubError(500, null, "internal error of the local hub: " + e));
    } finally {
      http.close();
    }
  }

  private static void fail(HubExchange ex, HubError e) {
    try {
      ex.respondError(e);
    } catch (IOException | RuntimeException alreadyAnswered) {
      // headers were already sent (a download broke off): the connection is closed below
    }
  }

  /** The repo named by groups 1 and 2 of a route's path. */
  static RepoId repoId(Matcher m) {
    return new RepoId(HubExchange.decodePath(m.group(1)), HubExchange.decodePath(m.group(2)));
  }
}
