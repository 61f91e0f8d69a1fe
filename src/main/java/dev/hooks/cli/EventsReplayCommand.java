package dev.hooks.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "replay", description = "Send a recorded delivery again (not available yet).")
final class EventsReplayCommand extends BaseCommand {
    @Parameters(arity = "0..*", hidden = true)
    java.util.List<String> args;

    @Override
    public Integer call() {
        err().println("hooks: events replay is not available yet");
        return 2;
    }
}
