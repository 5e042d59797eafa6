package gov.nersc.huggingnersc.localhub;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The sha256 of one multipart upload, computed while its parts are written: a part is hashed when
 * every byte before it has been, so completion needs no read-back. Parts may arrive in parallel or
 * out of order: a part waits (bounded) for the digest to reach its offset. A part that waits too
 * long, or comes again after it was hashed (its bytes may differ), is written unhashed and the
 * digest gives up; completion then reads the whole object back. A part cut short leaves the digest
 * as it was before that part, so the part sent again is hashed.
 */
final class PartsDigest {
    private MessageDigest sha = LfsStore.sha256();
    private MessageDigest beforePart;
    private long hashedTo;
    private boolean busy;
    private boolean gaveUp;

    /**
     * Waits up to {@code wait} until every byte before {@code offset} is hashed and no other part is
     * being hashed; then the caller hashes its part into {@link #digest()} and calls {@link #release}.
     *
     * @return false when the caller must write its part unhashed (the digest gave up)
     */
    synchronized boolean claim(long offset, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!gaveUp && (busy || hashedTo != offset)) {
            long left = deadline - System.nanoTime();
            if (hashedTo > offset || left <= 0) {
                giveUp();
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (gaveUp) {
            return false;
        }
        busy = true;
        try {
            beforePart = (MessageDigest) sha.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
        }
        return true;
    }

    /** The digest a claimed part updates, by its claimant only. */
    synchronized MessageDigest digest() {
        return sha;
    }

    /** Ends a claim: the part was hashed whole up to {@code end}, or (not {@code whole}) is forgotten. */
    synchronized void release(long end, boolean whole) {
        busy = false;
        if (whole) {
            hashedTo = end;
        } else {
            sha = beforePart;
        }
        beforePart = null;
        notifyAll();
    }

    /** The hex sha256 of the object when all its {@code size} bytes were hashed in order. */
    synchronized Optional<String> whole(long size) {
        return !gaveUp && !busy && hashedTo == size
                ? Optional.of(HexFormat.of().formatHex(sha.digest()))
                : Optional.empty();
    }

    private void giveUp() {
        gaveUp = true;
        notifyAll();
    }
}
