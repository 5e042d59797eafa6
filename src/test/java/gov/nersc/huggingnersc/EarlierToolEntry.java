package gov.nersc.huggingnersc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A catalog entry as the earlier Python tool left it (built from earlier-tool.md): its info JSON
 * with exactly its six keys, its card and its notebook.
 */
public final class EarlierToolEntry {
    /** The earlier tool's {@code iris_info.json}: nickname, official_name, hf_dir, data_dir, nersc_dir, metadata. */
    public static final String IRIS_INFO = """
      {"nickname": "iris", "official_name": "Iris", "hf_dir": "https://huggingface.co/datasets/NERSC/iris/", \
      "data_dir": "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/", \
      "nersc_dir": "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/", \
      "metadata": {"datacard_tags": {"pretty_name": "Iris", "language": ["en"], "size_categories": "n<1K", \
      "tags": ["csv", "biology"]}, "other_info": {"nickname": "iris"}}}""";

    /** The front matter its card begins with (earlier-tool.md): unquoted, block lists. */
    public static final String IRIS_FRONT_MATTER = """
      ---
      pretty_name: Iris
      language:
      - en
      size_categories:
      - n<1K
      tags:
      - csv
      - biology
      ---
      """;

    /** The card it rendered: unquoted front matter, the notebook link, a plain code block, the link. */
    public static final String IRIS_README = IRIS_FRONT_MATTER + """
      # Iris
      The following code can be used to load the dataset from its stored location at NERSC.

      https://jupyter.nersc.gov/hub/user-redirect/lab/tree/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/iris_dataloader.ipynb

      ```
      import pandas as pd
      ```
      If you would like to download the data, visit the following link:
      https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/
      """;

    private EarlierToolEntry() {}

    /** Writes the earlier tool's iris entry into {@code <root>/iris/}; returns the folder. */
    public static Path iris(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("iris"));
        Files.writeString(dir.resolve("iris_info.json"), IRIS_INFO);
        Files.writeString(dir.resolve("README.md"), IRIS_README);
        Files.writeString(
                dir.resolve("iris_dataloader.ipynb"), "{\"cells\": [], \"nbformat\": 4, \"nbformat_minor\": 5}");
        return dir;
    }
}
