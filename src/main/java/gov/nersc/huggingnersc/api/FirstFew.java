package gov.nersc.huggingnersc.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A count of things (paths, usually) and the first few of them: enough to act on, bounded so that a
 * million offenders never fill the heap or the terminal.
 *
 * @param count how many there are in all
 * @param first the first of them, at most the limit the producer was given, in the order found
 *     (sorted where the producer says so)
 */
public record FirstFew(long count, List<String> first) {
    /** How many entries a listing keeps unless told otherwise. */
    public static final int DEFAULT_LIMIT = 100;

    public FirstFew {
        first = List.copyOf(first);
    }

    /** A listing of nothing. */
    public static FirstFew empty() {
        return new FirstFew(0, List.of());
    }

    /** True when there is nothing listed. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Collects a listing from many threads at once. */
    public static final class Collector {
        private final int limit;
        private final AtomicLong count = new AtomicLong();
        private final List<String> first = new ArrayList<>();

        public Collector(int limit) {
            this.limit = limit;
        }

        public void add(String item) {
            if (count.getAndIncrement() < limit) {
                synchronized (first) {
                    first.add(item);
                }
            }
        }

        public long count() {
            return count.get();
        }

        public FirstFew toListing() {
            synchronized (first) {
                return new FirstFew(count.get(), first);
            }
        }

        public FirstFew toSortedListing() {
            synchronized (first) {
                List<String> sorted = new ArrayList<>(first);
                sorted.sort(null);
                return new FirstFew(count.get(), sorted);
            }
        }
    }
}
