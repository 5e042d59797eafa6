package gov.nersc.huggingnersc.scan;

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
public record Listing(long count, List<String> first) {
  /** How many entries a listing keeps unless told otherwise. */
  public static final int DEFAULT_LIMIT = 100;

  public Listing {
    first = List.copyOf(first);
  }

  /** A listing of nothing. */
  public static Listing empty() {
    return new Listing(0, List.of());
  }

  /** True when there is nothing listed. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** Collects a listing from many threads at once. */
  static final class Collector {
    private final int limit;
    private final AtomicLong count = new AtomicLong();
    private final List<String> first = new ArrayList<>();

    Collector(int limit) {
      this.limit = limit;
    }

    void add(String item) {
      if (count.getAndIncrement() < limit) {
        synchronized (first) {
          first.add(item);
        }
      }
    }

    long count() {
      return count.get();
    }

    Listing toListing() {
      synchronized (first) {
        return new Listing(count.get(), first);
      }
    }

    Listing toSortedListing() {
      synchronized (first) {
        List<String> sorted = new ArrayList<>(first);
        sorted.sort(null);
        return new Listing(count.get(), sorted);
      }
    }
  }
}
