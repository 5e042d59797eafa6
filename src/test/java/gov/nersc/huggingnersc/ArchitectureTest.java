package gov.nersc.huggingnersc;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import gov.nersc.huggingnersc.cli.CrossesTheLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package table of the README's Architecture section, held by the code: which package may use
 * which, no cycle among them, {@code cli} only through the API, and {@code hub} ignorant of
 * catalogs. The README's table must say the same.
 */
class ArchitectureTest {
    static final String BASE = "gov.nersc.huggingnersc";

    /** The facade classes of the root package that {@code cli} may use; the rest of it is behind them. */
    static final Set<String> FACADE = Set.of("HuggingNersc", "HuggingNerscTools", "Accounts", "Preview");

    /** Package → the packages it may use ("(root)" is the root package; cli also the {@link #FACADE}). */
    static final Map<String, Set<String>> MAY_USE = table();

    private static Map<String, Set<String>> table() {
        Map<String, Set<String>> t = new LinkedHashMap<>();
        t.put("cli", Set.of("api", "errors"));
        t.put("publish", Set.of("api", "card", "catalog", "croissant", "errors", "files", "hub", "layout"));
        t.put("croissant", Set.of("api", "errors", "layout", "nersc"));
        t.put("catalog", Set.of("api", "card", "errors", "files", "layout", "nersc", "notebook"));
        t.put("card", Set.of("api", "errors", "layout", "markdown", "nersc"));
        t.put("layout", Set.of("errors", "nersc", "scan"));
        t.put("notebook", Set.of("markdown"));
        t.put("config", Set.of("api", "auth", "errors", "nersc"));
        t.put("auth", Set.of("api", "errors", "hub"));
        t.put("localhub", Set.of("api", "errors", "files"));
        t.put("hub", Set.of("api", "errors", "files"));
        t.put("scan", Set.of("api", "errors", "files"));
        t.put("metadata", Set.of("api", "errors", "files"));
        t.put("nersc", Set.of("api", "errors"));
        t.put("browser", Set.of("errors", "files"));
        t.put("markdown", Set.of());
        t.put("files", Set.of("errors"));
        t.put("api", Set.of("errors"));
        t.put("errors", Set.of());
        return t;
    }

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    /** The rule of one package: it uses no package of ours outside its row, and nothing of the root's but the facade. */
    static ArchRule rule(String pkg) {
        Set<String> allowed = MAY_USE.get(pkg);
        String[] forbidden = MAY_USE.keySet().stream()
                .filter(p -> !p.equals(pkg) && !allowed.contains(p))
                .map(p -> BASE + "." + p + "..")
                .toArray(String[]::new);
        DescribedPredicate<JavaClass> rootBeyondFacade =
                resideInAPackage(BASE).and(not(facade())).as("the root package's classes behind the facade");
        DescribedPredicate<JavaClass> root = pkg.equals("cli")
                ? rootBeyondFacade
                : resideInAPackage(BASE).as("the root package (the API sits above every package but cli)");
        return noClasses()
                .that()
                .resideInAPackage(BASE + "." + pkg + "..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(forbidden).or(root))
                .as("`" + pkg + "` may use only "
                        + (pkg.equals("cli") ? "the facade (" + String.join(", ", new TreeSet<>(FACADE)) + "), " : "")
                        + (allowed.isEmpty() ? "no package of ours" : String.join(", ", new TreeSet<>(allowed))))
                .because("the README's Architecture table says so; change both together if the design changes");
    }

    private static DescribedPredicate<JavaClass> facade() {
        DescribedPredicate<JavaClass> any = DescribedPredicate.alwaysFalse();
        for (String name : FACADE) {
            any = any.or(simpleName(name).and(resideInAPackage(BASE)));
        }
        // their nested and anonymous classes too
        DescribedPredicate<JavaClass> facadeClasses = any;
        return DescribedPredicate.describe(
                "the facade",
                c -> facadeClasses.test(c)
                        || c.getEnclosingClass().map(facadeClasses::test).orElse(false));
    }

    @TestFactory
    Stream<DynamicTest> everyPackageUsesOnlyWhatItsRowAllows() {
        return MAY_USE.keySet().stream()
                .map(pkg -> DynamicTest.dynamicTest(pkg, () -> rule(pkg).check(MAIN)));
    }

    @Test
    void everyPackageIsInTheTable() {
        Set<String> packages = new TreeSet<>();
        MAIN.forEach(c -> {
            String p = c.getPackageName();
            if (p.startsWith(BASE + ".")) {
                packages.add(p.substring(BASE.length() + 1).split("\\.")[0]);
            }
        });
        assertThat(MAY_USE.keySet())
                .as("packages of the code that the table (and so the README) must list")
                .containsAll(packages);
    }

    @Test
    void noPackageCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theRuleFailsWhenCliReachesPastTheApi() {
        JavaClasses crossing = new ClassFileImporter().importClasses(CrossesTheLine.class);
        assertThatThrownBy(() -> rule("cli").check(crossing))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("`cli` may use only the facade")
                .hasMessageContaining(CrossesTheLine.class.getName())
                .hasMessageContaining("gov.nersc.huggingnersc.hub.HubClient")
                .hasMessageContaining("gov.nersc.huggingnersc.HubConnection");
    }

    @Test
    void hubKnowsNothingOfCatalogs() {
        assertThat(MAY_USE.get("hub")).doesNotContain("catalog", "publish", "card", "croissant");
    }

    /** The README's Architecture table has one row per package, and its "may use" column is this table. */
    @Test
    void theReadmeShowsThisTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Architecture");
        assertThat(start).as("README.md has an Architecture section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, Set<String>> shown = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z]+)` \\|[^\\n]*\\| ([^|\\n]*) \\|$")
                .matcher(section);
        while (row.find()) {
            Set<String> uses = new TreeSet<>();
            Matcher name = Pattern.compile("`([A-Za-z]+)`").matcher(row.group(2));
            while (name.find()) {
                if (!FACADE.contains(name.group(1))) {
                    uses.add(name.group(1));
                }
            }
            shown.put(row.group(1), uses);
        }
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        MAY_USE.forEach((k, v) -> expected.put(k, new TreeSet<>(v)));
        assertThat(shown)
                .as("the README's Architecture table (package → may use)")
                .isEqualTo(expected);
        assertThat(section).contains("| (root) |");
        List.copyOf(FACADE).forEach(f -> assertThat(section).contains("`" + f + "`"));
    }
}
