package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.layout.DataFile;
import gov.nersc.huggingnersc.layout.Inventory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of a repo's sample, read from the entry's data path as its inventory planned them: a
 * whole file, or the whole lines from its start. A file that changed size since the inventory was
 * made is refused rather than published as something the card does not describe.
 */
final class SampleFiles {
    private SampleFiles() {}

    /** Repo path to bytes, in inventory order. */
    static Map<String, byte[]> read(CatalogEntry entry, Inventory inventory) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (inventory.sample().isEmpty()) {
            return out;
        }
        Path root = Path.of(entry.dataPath()
                .orElseThrow(() -> new InvalidInputException("catalog entry '"
                        + entry.nickname()
                        + "': its inventory names a sample but it records no data path; refresh it with "
                        + "'huggingnersc update-dataset " + entry.nickname() + " --data-path PATH'")));
        boolean oneFile = inventory.files().size() == 1 && !Files.isDirectory(root);
        for (DataFile f : inventory.sample()) {
            Path file = oneFile ? root : root.resolve(f.path());
            out.put(f.samplePath(), read(entry.nickname(), file, f));
        }
        return out;
    }

    private static byte[] read(String nickname, Path file, DataFile f) {
        try {
            long size = Files.size(file);
            if (size != f.size()) {
                throw new InvalidInputException("the sample file " + file + " has " + size + " bytes, but the entry's "
                        + "inventory records " + f.size()
                        + ": the data changed since it was cataloged; refresh the entry with "
                        + "'huggingnersc update-dataset " + nickname + "'");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes((int) f.sampleBytes());
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(
                    "the sample file " + file + " is not on this machine: publish from a machine "
                            + "where the data path is (at NERSC), or drop the sample with 'huggingnersc update-dataset "
                            + nickname
                            + " --no-sample'");
        } catch (IOException e) {
            throw new OperationFailedException("cannot read the sample file " + file + ": " + e.getMessage(), e);
        }
    }
}
