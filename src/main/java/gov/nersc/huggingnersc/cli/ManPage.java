package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's man page (troff, man(7) macros), written from the same picocli model as its {@code --help}:
 * name, synopsis, description, arguments, options, subcommands and footer. One page per command,
 * named after its full name: {@code huggingnersc-catalog-new-dataset.1}.
 */
final class ManPage {
    private final CommandSpec spec;
    private final StringBuilder out = new StringBuilder();

    private ManPage(CommandSpec spec) {
        this.spec = spec;
    }

    /** The page's file name, e.g. {@code huggingnersc-auth-login.1}. */
    static String fileName(CommandLine command) {
        return pageName(command.getCommandSpec()) + ".1";
    }

    /** The troff text of {@code command}'s man page. */
    static String render(CommandLine command) {
        return new ManPage(command.getCommandSpec()).page();
    }

    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private String page() {
        String name = pageName(spec);
        line(".TH " + name.toUpperCase(Locale.ROOT) + " 1 \"\" \"huggingnersc " + Version.get()
                + "\" \"HuggingNERSC Manual\"");
        section("NAME");
        List<String> description = paragraphs(spec.usageMessage().description());
        line(escape(name) + " \\- " + escape(summary(description)));
        section("SYNOPSIS");
        line(".nf");
        CommandLine.Help help =
                new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        help.synopsis(0).lines().forEach(l -> text(l.stripTrailing()));
        line(".fi");
        if (!description.isEmpty()) {
            section("DESCRIPTION");
            paragraphsOut(description, ".PP");
        }
        entries("ARGUMENTS", spec.positionalParameters());
        entries("OPTIONS", spec.options());
        commands();
        footer();
        section("SEE ALSO");
        line(seeAlso());
        return out.toString();
    }

    /** One tagged paragraph per argument or option that --help shows: its term, then its description. */
    private void entries(String section, List<? extends ArgSpec> args) {
        List<? extends ArgSpec> shown = args.stream().filter(a -> !a.hidden()).toList();
        if (shown.isEmpty()) {
            return;
        }
        section(section);
        for (ArgSpec a : shown) {
            line(".TP");
            line(term(a));
            paragraphsOut(paragraphs(a.description()), ".IP");
        }
    }

    /** {@code NICKNAME} for an argument; {@code --org ORG} for an option, its value in brackets if optional. */
    private static String term(ArgSpec arg) {
        String label = "\\fI" + escape(arg.paramLabel()) + "\\fR";
        if (!(arg instanceof OptionSpec o)) {
            return label;
        }
        String value = o.typeInfo().isBoolean() || o.arity().max() == 0
                ? ""
                : o.arity().min() == 0 ? " [" + label + "]" : " " + label;
        return "\\fB" + escape(String.join(", ", o.names())) + "\\fR" + value;
    }

    private void commands() {
        List<CommandLine> subs = documented(spec.commandLine());
        if (subs.isEmpty()) {
            return;
        }
        section("COMMANDS");
        for (CommandLine sub : subs) {
            line(".TP");
            line("\\fB" + escape(sub.getCommandName()) + "\\fR");
            text(summary(paragraphs(sub.getCommandSpec().usageMessage().description())) + ". See "
                    + pageName(sub.getCommandSpec()) + "(1).");
        }
    }

    private void footer() {
        String[] footer = spec.usageMessage().footer();
        if (footer.length == 0) {
            return;
        }
        String heading =
                spec.usageMessage().footerHeading().replace("%n", "").strip().replaceAll(":$", "");
        section(heading.isEmpty() ? "NOTES" : heading.toUpperCase(Locale.ROOT));
        line(".nf");
        for (String l : footer) {
            text(l.replace("%n", ""));
        }
        line(".fi");
    }

    private String seeAlso() {
        List<String> pages = new ArrayList<>();
        CommandSpec parent = spec.parent();
        if (parent != null) {
            pages.add(pageName(parent) + "(1)");
        }
        if (parent != null && parent.parent() != null) {
            pages.add(pageName(spec.root()) + "(1)");
        }
        return escape(pages.isEmpty() ? "huggingnersc --help" : String.join(", ", pages));
    }

    /** The subcommands that get a page: all but picocli's {@code help}. */
    static List<CommandLine> documented(CommandLine command) {
        return command.getSubcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandName())
                        && !e.getValue().getCommandSpec().usageMessage().hidden()
                        && !(e.getValue().getCommand() instanceof CommandLine.HelpCommand))
                .map(java.util.Map.Entry::getValue)
                .toList();
    }

    /** Description lines as picocli prints them: {@code %n} is a line break, {@code %%} a percent sign. */
    private static List<String> paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.replace("%n", "\n").replace("%%", "%"));
        }
        return out;
    }

    /** The start of a description up to its first ". " or ": ", for NAME and the list of commands. */
    private static String summary(List<String> description) {
        String first = description.isEmpty()
                ? ""
                : description.get(0).lines().findFirst().orElse("").strip();
        return first.split("(?<=[^.]{3})[.:](\\s|$)", 2)[0];
    }

    /**
     * One paragraph per description element, separated by {@code macro} ({@code .PP}, or {@code .IP} inside an
     * option's entry); lines indented in the source (examples) are kept as they are.
     */
    private void paragraphsOut(List<String> paragraphs, String macro) {
        boolean first = true;
        for (String p : paragraphs) {
            if (p.isBlank()) {
                continue;
            }
            if (!first) {
                line(macro);
            }
            first = false;
            for (String l : p.lines().toList()) {
                if (l.startsWith(" ")) {
                    line(".nf");
                    text(l);
                    line(".fi");
                } else {
                    text(l.strip());
                    line(".br");
                }
            }
        }
    }

    private void section(String name) {
        line(".SH " + name);
    }

    private void text(String text) {
        String escaped = escape(text);
        line(escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped);
    }

    private void line(String line) {
        out.append(line).append('\n');
    }

    /** troff escapes: a backslash prints as itself, a hyphen as a minus (what options are typed with). */
    static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
