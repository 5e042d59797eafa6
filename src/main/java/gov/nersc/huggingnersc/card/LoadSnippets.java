package gov.nersc.huggingnersc.card;

import static gov.nersc.huggingnersc.markdown.MarkdownText.codeBlock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.layout.DataFile;
import gov.nersc.huggingnersc.layout.DataFormat;
import gov.nersc.huggingnersc.layout.DataLayout;
import gov.nersc.huggingnersc.layout.Inventory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The card's {@code datasets} snippets, generated from the data's layout: the sample on the Hub by
 * repo id, then all of the data per format and split, from the public portal (anywhere) and from
 * its path at NERSC. Every snippet runs as printed. Long file lists are read from the repo's
 * inventory instead of being printed.
 */
final class LoadSnippets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadSnippets() {}

    static void render(StringBuilder b, String repoId, DataLayout layout) {
        b.append("### With the `datasets` library\n\n");
        DataLayout.Counts n = layout.counts();
        if (layout.hasSample()) {
            b.append(
                            n.sampleFiles() == n.files() && n.sampleBytes() == n.bytes()
                                    ? "The repo holds all of the data (" + files(n.files()) + ", "
                                            + DataSummary.human(n.bytes()) + "), so "
                                    : "The repo holds a sample of the data (" + n.sampleFiles() + " of "
                                            + files(n.files()) + ", " + DataSummary.human(n.sampleBytes()) + " of "
                                            + DataSummary.human(n.bytes()) + "), so ")
                    .append("the Hub's viewer shows it and this loads it:\n\n");
            b.append(codeBlock(
                            "from datasets import load_dataset\n\nds = load_dataset(" + py(repoId) + ")\n", "python"))
                    .append('\n');
        } else {
            layout.noViewer()
                    .ifPresent(why -> b.append("The Hub's dataset viewer is off for this dataset: ")
                            .append(why)
                            .append(". Read the data with the loader below, at NERSC or from the download link.\n\n"));
        }
        List<DataFormat> formats = layout.formats();
        if (formats.isEmpty()) {
            return;
        }
        boolean publicData = layout.loadable().stream().allMatch(f -> f.url().isPresent());
        if (publicData) {
            b.append("All of the data, from NERSC's public portal (anywhere):\n\n");
            snippets(b, repoId, layout, formats, "url", f -> f.url().orElseThrow(), false);
            if (layout.large()) {
                b.append("The data is large: stream it rather than download it all:\n\n");
                snippets(b, repoId, layout, formats, "url", f -> f.url().orElseThrow(), true);
            }
        }
        b.append("At NERSC (Perlmutter, or jupyter.nersc.gov), from the Community File System:\n\n");
        snippets(b, repoId, layout, formats, "nersc_path", DataFile::nerscPath, false);
    }

    private static void snippets(
            StringBuilder b,
            String repoId,
            DataLayout layout,
            List<DataFormat> formats,
            String column,
            Function<DataFile, String> where,
            boolean streaming) {
        for (DataFormat format : formats) {
            if (formats.size() > 1) {
                b.append("The ").append(format.id()).append(" files:\n\n");
            }
            String code = layout.snippetsReadInventory()
                    ? fromInventory(repoId, format, column, streaming)
                    : listed(layout.splits(format, layout.loadable()), format, where, streaming);
            b.append(codeBlock(code, "python")).append('\n');
        }
    }

    private static String listed(
            Map<String, List<DataFile>> splits,
            DataFormat format,
            Function<DataFile, String> where,
            boolean streaming) {
        StringBuilder c = new StringBuilder("from datasets import load_dataset\n\ndata_files = {\n");
        splits.forEach((split, files) -> {
            c.append("    ").append(py(split)).append(": [\n");
            files.forEach(f -> c.append("        ").append(py(where.apply(f))).append(",\n"));
            c.append("    ],\n");
        });
        c.append("}\nds = load_dataset(")
                .append(py(format.builder()))
                .append(", data_files=data_files")
                .append(extra(format, streaming))
                .append(")\n");
        return c.toString();
    }

    private static String fromInventory(String repoId, DataFormat format, String column, boolean streaming) {
        return "import csv\n\nfrom datasets import load_dataset\nfrom huggingface_hub import hf_hub_download\n\n"
                + "# the file list: the repo's inventory of the data\n"
                + "inventory = hf_hub_download(" + py(repoId) + ", " + py(Inventory.FILE_NAME)
                + ", repo_type=\"dataset\")\n"
                + "data_files = {}\nwith open(inventory, newline=\"\", encoding=\"utf-8\") as f:\n"
                + "    for row in csv.DictReader(f):\n"
                + "        if row[\"format\"] == " + py(format.id()) + " and row[\"split\"]:\n"
                + "            data_files.setdefault(row[\"split\"], []).append(row[" + py(column) + "])\n"
                + "ds = load_dataset(" + py(format.builder()) + ", data_files=data_files" + extra(format, streaming)
                + ")\n";
    }

    private static String extra(DataFormat format, boolean streaming) {
        return (format == DataFormat.TSV ? ", sep=\"\\t\"" : "") + (streaming ? ", streaming=True" : "");
    }

    /** A Python string literal: JSON's escapes are Python's. */
    static String py(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String files(long n) {
        return n + (n == 1 ? " file" : " files");
    }
}
