package gov.nersc.huggingnersc.card;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.Metadata;
import java.util.Optional;

/** Inputs the card tests share: the earlier tool's iris example, as a catalog entry would give it. */
final class CardExamples {
    private CardExamples() {}

    static final String IRIS_METADATA = """
      {
          "datacard_tags": {
              "pretty_name": "Iris",
              "language": ["en"],
              "size_categories": "n<1K",
              "tags": ["csv", "biology"]
          },
          "other_info": {"nickname": "iris"}
      }
      """;

    /** The front matter the earlier tool wrote for iris (earlier-tool.md). */
    static final String EARLIER_TOOL_IRIS_FRONT_MATTER = gov.nersc.huggingnersc.EarlierToolEntry.IRIS_FRONT_MATTER;

    static final String IRIS_LOADER = """
      import pandas as pd

      df = pd.read_csv("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/iris.csv")
      print(df.head())
      """;

    static Metadata metadata(String json) {
        try {
            return new Metadata((ObjectNode) new ObjectMapper().readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static CardInput iris() {
        return iris(metadata(IRIS_METADATA));
    }

    static CardInput iris(Metadata metadata) {
        return new CardInput(
                "Iris",
                "iris",
                metadata,
                Optional.of("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data"),
                Optional.of("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data"),
                "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris",
                Optional.of(
                        "https://jupyter.nersc.gov/hub/user-redirect/lab/tree/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/iris_dataloader.ipynb"),
                new Script("iris_loader.py", IRIS_LOADER),
                Optional.empty(),
                false,
                Optional.of(new DataSummary(1, 4551, java.util.List.of("csv"))));
    }
}
