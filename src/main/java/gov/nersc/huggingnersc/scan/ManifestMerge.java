package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.ManifestBuild;
import gov.nersc.huggingnersc.api.ManifestHeader;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * {@code manifest merge}: joins the part files of one sharded run ({@code --shard K/N}) into the
 * whole manifest, after checking that they are the complete, finished shards of one root. The parts
 * are each sorted by path, so the join is one streaming k-way merge.
 */
final class ManifestMerge {
    private record Head(ManifestEntry entry, int reader) {}

    private ManifestMerge() {}

    /** See {@link Manifest#merge}. */
    static ManifestBuild merge(List<Path> parts, Path manifestFile) {
        long start = System.nanoTime();
        if (parts.isEmpty()) {
            throw new InvalidInputException("manifest merge: no part files given; build them with --shard K/N first");
        }
        List<ManifestReader> readers = new ArrayList<>();
        try {
            for (Path p : parts) {
                readers.add(ManifestReader.open(p));
            }
            checkPartsFit(parts, readers);
            String root = readers.get(0).header().root();
            int count = readers.get(0).header().shard().count();
            Manifest.prepareFolder(manifestFile);
            try (ManifestWriter writer = new ManifestWriter(manifestFile)) {
                PriorityQueue<Head> heads =
                        new PriorityQueue<>((a, b) -> ManifestEntry.comparePaths(a.entry.path(), b.entry.path()));
                for (int i = 0; i < readers.size(); i++) {
                    if (readers.get(i).hasNext()) {
                        heads.add(new Head(readers.get(i).next(), i));
                    }
                }
                while (!heads.isEmpty()) {
                    Head h = heads.poll();
                    Shard shard = readers.get(h.reader).header().shard();
                    if (!shard.contains(h.entry.path())) {
                        throw new InvalidInputException("manifest part " + parts.get(h.reader) + " holds "
                                + h.entry.path() + ", which belongs to shard " + Shard.of(h.entry.path(), count) + "/"
                                + count + ", not " + shard);
                    }
                    writer.write(h.entry);
                    if (readers.get(h.reader).hasNext()) {
                        heads.add(new Head(readers.get(h.reader).next(), h.reader));
                    }
                }
                ManifestHeader header = writer.finish(root, Shard.ALL);
                return new ManifestBuild(
                        manifestFile, header, 0, header.files(), 0, 0, 0, FirstFew.empty(), Manifest.elapsed(start), 0);
            }
        } finally {
            readers.forEach(ManifestReader::close);
        }
    }

    private static void checkPartsFit(List<Path> parts, List<ManifestReader> readers) {
        List<String> problems = new ArrayList<>();
        ManifestHeader first = readers.get(0).header();
        int count = first.shard().count();
        TreeSet<Integer> seen = new TreeSet<>();
        for (int i = 0; i < readers.size(); i++) {
            ManifestHeader h = readers.get(i).header();
            if (readers.get(i).partial()) {
                problems.add("manifest part " + parts.get(i) + " (shard " + h.shard()
                        + ") is partial: its run stopped before " + "the end; run the manifest with --shard "
                        + h.shard() + " again to finish it");
            }
            if (!h.root().equals(first.root())) {
                problems.add("manifest part " + parts.get(i) + " describes " + h.root() + ", not " + first.root());
            }
            if (h.shard().count() != count) {
                problems.add("manifest part " + parts.get(i) + " is shard " + h.shard() + ", not one of " + count);
            } else if (!seen.add(h.shard().index())) {
                problems.add("manifest part " + parts.get(i) + " repeats shard " + h.shard());
            }
        }
        if (problems.isEmpty()) {
            for (int k = 1; k <= count; k++) {
                if (!seen.contains(k)) {
                    problems.add("manifest merge: shard " + k + "/" + count + " is missing; build it with --shard " + k
                            + "/" + count);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
