package dev.hooks.cli;

import dev.hooks.store.DeliveryStore;
import dev.hooks.store.HistoryStats;
import dev.hooks.store.HistoryUpkeep;
import dev.hooks.term.DeliveryRenderer;
import dev.hooks.term.HistoryStatsRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stats",
        description = "What the history holds: recorded requests, the oldest and newest, how many per provider and per "
                + "verdict (valid, invalid, unsigned), and its size on disk.",
        footerHeading = "%nExamples:%n",
        footer = {"  hooks events stats", "  hooks events stats --format json | jq .by_provider"})
final class EventsStatsCommand extends BaseCommand {
    @Mixin
    StoreOption store;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json. Default: ${DEFAULT-VALUE}.")
    EventsCommand.Format format;

    @Override
    public Integer call() {
        try (DeliveryStore history = store.open(ctx()); HistoryUpkeep upkeep = HistoryUpkeep.of(history)) {
            HistoryStats s = upkeep.stats();
            if (format == EventsCommand.Format.json) {
                out().println(DeliveryRenderer.json(s.fields()));
            } else {
                HistoryStatsRenderer.lines(s).forEach(out()::println);
            }
        }
        return 0;
    }
}
