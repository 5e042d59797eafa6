package gov.nersc.huggingnersc.localhub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/** The Hub's fixed vocabularies that a card's front matter is checked against (bundled resources). */
final class HubVocabulary {
    static final Set<String> LICENSES = load("licenses");
    static final Set<String> TASK_CATEGORIES = load("task_categories");
    static final Set<String> SIZE_CATEGORIES = load("size_categories");

    private HubVocabulary() {}

    private static Set<String> load(String name) {
        String resource = "/gov/nersc/huggingnersc/vocab/" + name + ".txt";
        try (InputStream in = HubVocabulary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Set<String> out = new LinkedHashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    out.add(s);
                }
            }
            return Set.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
