package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A paged Hub listing, fetched lazily: the first page when iteration starts, each next page (the
 * {@code Link: <...>; rel="next"} URL the Hub gives) only when the items before it are used up.
 * Each {@link #iterator()} starts again from the first page. A failure to fetch a page is thrown
 * from {@code hasNext()} as a {@link HubException}.
 */
public final class Listing<T> implements Iterable<T> {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel\\s*=\\s*\"?next\"?");

    private final Transport transport;
    private final URI first;
    private final Function<JsonNode, T> item;
    private final long limit;

    Listing(Transport transport, URI first, Function<JsonNode, T> item, Integer limit) {
        this.transport = transport;
        this.first = first;
        this.item = item;
        this.limit = limit == null ? Long.MAX_VALUE : limit;
    }

    /** The items as a lazy, sequential stream. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private final Deque<T> page = new ArrayDeque<>();
            private URI next = first;
            private long returned;

            @Override
            public boolean hasNext() {
                while (page.isEmpty() && next != null && returned < limit) {
                    fetch();
                }
                return !page.isEmpty() && returned < limit;
            }

            private void fetch() {
                URI uri = next;
                Page result = transport.exchange(Transport.Call.get(uri), r -> {
                    try (var in = r.body()) {
                        JsonNode json = Transport.JSON.readTree(in);
                        return new Page(
                                json,
                                nextLink(r.headers().allValues("Link"))
                                        .map(uri::resolve)
                                        .orElse(null));
                    }
                });
                if (!result.items().isArray()) {
                    throw new HubException("expected a JSON list from the Hub", 200, null, "GET", uri, null);
                }
                result.items().forEach(j -> page.add(item.apply(j)));
                next = result.next();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                returned++;
                return page.removeFirst();
            }
        };
    }

    private record Page(JsonNode items, URI next) {}

    static Optional<String> nextLink(Iterable<String> linkHeaders) {
        for (String header : linkHeaders) {
            Matcher m = NEXT.matcher(header);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
