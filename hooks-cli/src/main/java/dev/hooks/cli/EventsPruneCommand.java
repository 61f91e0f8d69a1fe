package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.Durations;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.HistoryUpkeep;
import dev.hooks.store.PruneResult;
import dev.hooks.store.Retention;
import dev.hooks.term.HistoryStatsRenderer;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune",
        description = {"Remove the oldest recorded requests once: those received more than --older-than ago, or all but "
                + "the newest --keep. Prints how many went and how many bytes the file gave back.",
                "Safe while 'hooks listen' writes to the same history: it deletes in small batches beside the listener, "
                        + "never what is inside the limit, and a listener's 2xx still means on disk. The space freed "
                        + "is reused by new deliveries; --vacuum also returns it to the file system."},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks events prune --older-than 7d", "  hooks events prune --keep 10000 --vacuum",
                "  hooks events prune --older-than 1h --store ./h.db"})
final class EventsPruneCommand extends BaseCommand {
    @Mixin
    StoreOption store;

    @Option(names = "--older-than", paramLabel = "DURATION", description = "Remove what was received longer ago than "
            + "this (e.g. 7d, 12h, 30m).")
    String olderThan;

    @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N; remove the rest.")
    Long keep;

    @Option(names = "--vacuum", description = "Also return the free space to the file system (SQLite incremental "
            + "vacuum; the first time on a history made by an older hooks, a full VACUUM that holds the file while it "
            + "rewrites it). On PostgreSQL, VACUUM of the history's tables: the space is reusable at once, and only "
            + "the empty pages at the end of a table go back to the file system.")
    boolean vacuum;

    @Override
    public Integer call() {
        if ((olderThan == null) == (keep == null)) {
            throw HooksException.input("pass one of --older-than DURATION or --keep N");
        }
        Retention limit;
        String what;
        if (olderThan != null) {
            Duration age = ListenCommand.duration("--older-than", olderThan);
            limit = Retention.age(age);
            what = "received more than " + Durations.format(age) + " ago";
        } else {
            if (keep < 0) {
                throw HooksException.input("--keep takes 0 or more, got " + keep);
            }
            limit = Retention.count(keep);
            what = "older than the newest " + keep;
        }
        try (DeliveryStore history = store.open(ctx()); HistoryUpkeep upkeep = HistoryUpkeep.of(history)) {
            PruneResult r = upkeep.prune(limit, ctx().clock().instant(), vacuum);
            out().println("pruned " + r.pruned() + " recorded request" + (r.pruned() == 1 ? "" : "s") + " " + what
                    + " from " + history.location() + "; " + r.left() + " left");
            String gaveBack = (history.file().isPresent() ? "the file" : "the tables") + " gave back " + HistoryStatsRenderer.size(r.bytesFreed()) + " ("
                    + HistoryStatsRenderer.size(r.bytesBefore()) + " -> " + HistoryStatsRenderer.size(r.bytesAfter()) + ")";
            out().println(vacuum || r.freeBytes() == 0 ? gaveBack : gaveBack + "; " + HistoryStatsRenderer.size(r.freeBytes())
                    + " of free pages are reused by new deliveries (--vacuum returns them to the file system)");
        }
        return 0;
    }
}
