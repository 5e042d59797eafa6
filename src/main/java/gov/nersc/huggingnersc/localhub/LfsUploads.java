package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The LFS uploads a running hub has handed out and not yet seen finished, by upload id. A client that
 * is killed or loses its connection never comes back to its upload (it asks the batch API for a new
 * one), so an upload untouched for {@link LfsStore#ABANDONED_AFTER} is forgotten, with its running
 * digest and its parts on disk: a long-running {@code hub serve} keeps no memory for them. The sweep
 * runs when an upload is handed out, at most once per {@link #SWEEP_EVERY}.
 */
final class LfsUploads {
    /** How often handing out an upload also looks for abandoned ones. */
    static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private record Entry(ServerContext.LfsUpload upload, Instant touched) {}

    private final Map<String, Entry> uploads = new ConcurrentHashMap<>();
    private final LfsStore lfs;
    private final Clock clock;
    private final AtomicReference<Instant> lastSweep;

    LfsUploads(LfsStore lfs, Clock clock) {
        this.lfs = lfs;
        this.clock = clock;
        this.lastSweep = new AtomicReference<>(clock.instant());
    }

    /** Records an upload the batch API hands out, and forgets abandoned ones when a sweep is due. */
    void announce(String uploadId, ServerContext.LfsUpload upload) {
        Instant now = clock.instant();
        uploads.put(uploadId, new Entry(upload, now));
        Instant last = lastSweep.get();
        if (!now.isBefore(last.plus(SWEEP_EVERY)) && lastSweep.compareAndSet(last, now)) {
            sweep(now.minus(LfsStore.ABANDONED_AFTER));
        }
    }

    /** The upload with this id, if it is under way; a request for it counts as activity. */
    Optional<ServerContext.LfsUpload> get(String uploadId) {
        Entry e = uploads.computeIfPresent(uploadId, (id, old) -> new Entry(old.upload(), clock.instant()));
        return Optional.ofNullable(e).map(Entry::upload);
    }

    /** The upload is finished (or refused for good): it is no longer under way. */
    void finish(String uploadId) {
        uploads.remove(uploadId);
    }

    /** How many uploads are under way. */
    int size() {
        return uploads.size();
    }

    private void sweep(Instant before) {
        uploads.forEach((id, e) -> {
            if (e.touched().isBefore(before) && uploads.remove(id, e)) {
                try {
                    lfs.discardParts(id);
                } catch (IOException gone) {
                    // a leftover costs only disk; the sweep below tries again
                }
            }
        });
        lfs.sweepAbandoned(LfsStore.ABANDONED_AFTER); // what other hubs and basic uploads left
    }
}
