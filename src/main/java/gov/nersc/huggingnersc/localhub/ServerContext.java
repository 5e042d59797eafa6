package gov.nersc.huggingnersc.localhub;

import java.util.regex.Pattern;

/**
 * What every route of a running local hub shares.
 *
 * @param url the URL the server was started on, used when a request names no usable Host
 * @param startedAt when the server started (shown as the token's creation time)
 * @param uploads multipart and basic LFS uploads announced by a batch answer and not yet finished
 */
record ServerContext(
        LocalHub.Options options,
        RepoStore repos,
        LfsStore lfs,
        String token,
        String url,
        LfsUploads uploads,
        java.time.Instant startedAt) {
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(?::\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](?::\\d{1,5})?");

    /**
     * The base URL for absolute links in an answer: the host the client used (so a server bound to
     * all interfaces hands out links its clients can reach), else the server's own URL.
     */
    String baseUrl(String hostHeader) {
        if (hostHeader != null && HOST.matcher(hostHeader).matches()) {
            return "http://" + hostHeader;
        }
        return url;
    }

    /**
     * One LFS upload the batch endpoint has handed out: where its bytes go and how big they are.
     *
     * @param chunkSize part size for multipart uploads, 0 for a basic upload
     */
    record LfsUpload(String oid, long size, long chunkSize) {
        int parts() {
            return chunkSize == 0 ? 1 : LfsStore.partCount(size, chunkSize);
        }

        long partLength(int number) {
            long start = (number - 1L) * chunkSize;
            return Math.min(chunkSize, size - start);
        }
    }
}
