package dev.hooks.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion",
        description = {"Print the shell completion script for bash, zsh or fish: commands, options, provider and event names."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(hooks completion bash)     # in ~/.bashrc",
            "  source <(hooks completion zsh)      # in ~/.zshrc",
            "  hooks completion fish > ~/.config/fish/completions/hooks.fish"})
final class CompletionCommand extends BaseCommand {
    enum Shell { bash, zsh, fish }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        // Only this command was built for this run (see Cli.create); the script needs the whole tree.
        out().print(CompletionScripts.script(shell.name(), Cli.create(ctx())));
        out().flush();
        return 0;
    }
}
