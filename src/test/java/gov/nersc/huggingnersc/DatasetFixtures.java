package gov.nersc.huggingnersc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small dataset written into a test's folder, for tests that spoil one of its inputs. */
public final class DatasetFixtures {
    public static final String IRIS_LOADER = """
      import pandas as pd

      DATA = "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/iris.csv"

      def load():
          return pd.read_csv(DATA)
      """;

    public static final String IRIS_METADATA = """
      {
          "datacard_tags": {
              "pretty_name": "Iris",
              "language": ["en"],
              "size_categories": "n<1K",
              "tags": ["csv", "biology"]
          },
          "other_info": {
              "nickname": "iris"
          }
      }
      """;

    /** The inputs of one dataset. */
    public record Inputs(Path loader, Path data, Path metadata, Path batch) {}

    private DatasetFixtures() {}

    /** Iris: a pandas loader, a small CSV under {@code data/}, the earlier tool's metadata. */
    public static Inputs iris(Path dir) throws IOException {
        Path d = Files.createDirectories(dir.resolve("iris-input"));
        Path data = Files.createDirectories(d.resolve("data"));
        Files.writeString(
                data.resolve("iris.csv"),
                "sepal_length,sepal_width,petal_length,petal_width,species\n" + "5.1,3.5,1.4,0.2,setosa\n");
        Files.writeString(d.resolve("iris_loader.py"), IRIS_LOADER);
        Files.writeString(d.resolve("iris_metadata.json"), IRIS_METADATA);
        return new Inputs(d.resolve("iris_loader.py"), data, d.resolve("iris_metadata.json"), null);
    }
}
