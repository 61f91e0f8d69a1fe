package dev.hooks.term;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the shell completes, as plain data: commands with their subcommands, options and the values they take.
 * The command-line layer builds it from its command definitions, so this package needs no knowledge of them.
 *
 * @param name        the command's name
 * @param description one line for the completion menu
 * @param options     its options
 * @param subcommands its subcommands
 * @param positionals candidates for its positional parameters, or null when there are none to offer
 */
public record CommandTree(String name, String description, List<OptionNode> options, List<CommandTree> subcommands,
        Supplier<Iterable<String>> positionals) {

    public CommandTree {
        options = List.copyOf(options);
        subcommands = List.copyOf(subcommands);
    }

    /**
     * One option.
     *
     * @param names      every name, e.g. {@code -p} and {@code --provider}
     * @param takesValue whether a value follows it
     * @param values     candidates for the value, or null when any value goes
     */
    public record OptionNode(List<String> names, String description, boolean takesValue, Supplier<Iterable<String>> values) {
        public OptionNode {
            names = List.copyOf(names);
        }
    }

    public Optional<CommandTree> subcommand(String name) {
        return subcommands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<OptionNode> option(String name) {
        return options.stream().filter(o -> o.names().contains(name)).findFirst();
    }
}
