package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The first bytes of a file of a commit, its content rather than its pointer: an LFS file is read
 * from the LFS store, as {@code /resolve} serves it. Only {@code max} bytes are ever read.
 *
 * @param bytes at most {@code max} bytes from the start of the file
 * @param whole whether that is the whole file
 */
record FilePrefix(byte[] bytes, boolean whole) {

    /** The start of {@code file}; empty when it is an LFS file whose object this hub does not have. */
    static Optional<FilePrefix> read(DatasetRepo repo, LfsStore lfs, DatasetRepo.Entry file, int max)
            throws IOException {
        if (file.lfs() != null && lfs.size(file.lfs().oid()).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = file.lfs() != null ? lfs.open(file.lfs().oid(), 0) : repo.stream(file.oid())) {
            byte[] bytes = in.readNBytes(max);
            return Optional.of(new FilePrefix(bytes, bytes.length == file.size()));
        }
    }
}
