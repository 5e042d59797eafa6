package gov.nersc.huggingnersc.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void theSchemaEnumerationsAreTheBundledHubVocabularies() throws Exception {
        JsonNode defs =
                new ObjectMapper().readTree(MetadataValidator.schemaText()).get("$defs");
        assertThat(strings(defs.at("/licence/enum")))
                .isEqualTo(Vocabulary.LICENCES.values())
                .hasSize(83);
        assertThat(strings(defs.at("/taskCategory/enum"))).isEqualTo(Vocabulary.TASK_CATEGORIES.values());
        assertThat(strings(defs.at("/taskId/enum"))).isEqualTo(Vocabulary.TASK_IDS.values());
        assertThat(strings(defs.at("/sizeCategory/enum"))).isEqualTo(Vocabulary.SIZE_CATEGORIES.values());
    }

    @Test
    void languagesAreIso639CodesAndTheHubsTwoSpecialValues() {
        assertThat(List.of(
                        "en", "zh", "fr", "es", "ru", "ko", "hi", "deu", "ger", "fra", "yue", "multilingual", "code"))
                .allMatch(Vocabulary.LANGUAGES::contains);
        assertThat(List.of("xx", "EN", "english", "en-US", "")).noneMatch(Vocabulary.LANGUAGES::contains);
    }

    @Test
    void theNearestValueForgivesCaseAndSmallTypos() {
        assertThat(Vocabulary.LICENCES.nearest("CC-BY-4.0")).contains("cc-by-4.0");
        assertThat(Vocabulary.LICENCES.nearest("cc-by-4")).contains("cc-by-4.0");
        assertThat(Vocabulary.LICENCES.nearest(" MIT ")).contains("mit");
        assertThat(Vocabulary.LICENCES.nearest("apache")).contains("apache-2.0");
        assertThat(Vocabulary.TASK_CATEGORIES.nearest("text-clasification")).contains("text-classification");
        assertThat(Vocabulary.SIZE_CATEGORIES.nearest("n<1k")).contains("n<1K");
        assertThat(Vocabulary.LANGUAGES.nearest("EN")).contains("en");
    }

    @Test
    void farValuesGetNoSuggestion() {
        assertThat(Vocabulary.LICENCES.nearest("foo")).isEmpty();
        assertThat(Vocabulary.LICENCES.nearest("proprietary")).isEmpty();
        assertThat(Vocabulary.LANGUAGES.nearest("xx")).isEmpty();
        assertThat(Vocabulary.TASK_CATEGORIES.nearest("")).isEmpty();
    }

    @Test
    void longListsAreDescribedByCountAndExamples() {
        assertThat(Vocabulary.LICENCES.describe())
                .isEqualTo("one of the 83 Hub licence ids (apache-2.0, mit, cc-by-4.0, cc0-1.0, other, ...)");
        assertThat(Vocabulary.TASK_CATEGORIES.describe()).startsWith("one of the 57 Hub task categories (");
        assertThat(Vocabulary.SIZE_CATEGORIES.describe())
                .isEqualTo(
                        "one of n<1K, 1K<n<10K, 10K<n<100K, 100K<n<1M, 1M<n<10M, 10M<n<100M, 100M<n<1B, 1B<n<10B, 10B<n<100B,"
                                + " 100B<n<1T, n>1T");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
