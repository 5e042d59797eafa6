package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.errors.HuggingNerscException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs work items on a pool but delivers their results in the order they were added, keeping at
 * most a window of them in flight: how a sorted manifest is hashed in parallel and still written as a
 * stream.
 */
final class InOrder<R> {
    private final ExecutorService pool;
    private final int window;
    private final Consumer<R> sink;
    private final ArrayDeque<Future<R>> inFlight = new ArrayDeque<>();

    InOrder(ExecutorService pool, int window, Consumer<R> sink) {
        this.pool = pool;
        this.window = window;
        this.sink = sink;
    }

    /** Adds work that runs on the pool. */
    void add(Callable<R> work) {
        inFlight.add(pool.submit(work));
        drain(window);
    }

    /** Adds a result that is already known. */
    void addDone(R value) {
        inFlight.add(CompletableFuture.completedFuture(value));
        drain(window);
    }

    /** Waits for everything added and delivers it. */
    void finish() {
        drain(0);
    }

    private void drain(int keep) {
        while (inFlight.size() > keep || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
            sink.accept(await(inFlight.poll()));
        }
    }

    private R await(Future<R> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HuggingNerscException h) {
                throw h;
            }
            throw new OperationFailedException("hashing failed: " + e.getCause(), e.getCause());
        }
    }
}
