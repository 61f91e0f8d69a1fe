package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.DeliverySummary;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import dev.hooks.term.Ansi;
import dev.hooks.term.DeliveryRenderer;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "events",
        description = {"Read the history 'hooks listen' records: every request, valid or not, with its raw bytes, "
                + "headers, verification result and the answer given. 'stats' says what it holds and takes on disk; "
                + "'prune' keeps it within an age or a count."},
        subcommands = {EventsCommand.ListCommand.class, EventsCommand.ShowCommand.class, EventsReplayCommand.class,
                EventsCommand.ExportCommand.class, EventsWaitCommand.class, EventsStatsCommand.class, EventsCopyCommand.class,
                EventsPruneCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks events list", "  hooks events list --provider teal --invalid --format json | jq .reason",
                "  hooks events show d_06bqy7k2m9q4r8t1", "  hooks events export > deliveries.jsonl",
                "  hooks events wait --provider paismo --valid --timeout 60s", "  hooks events stats",
                "  hooks events prune --older-than 7d --vacuum",
                "  hooks events copy --from history.db --to postgresql://hooks@db.internal/hooks"})
final class EventsCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    enum Format { text, json }

    enum ExportFormat { jsonl }

    /** Filters shared by list and export. */
    static final class Filters {
        @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
                description = "Only this provider's requests.")
        String provider;

        @Option(names = "--event-type", paramLabel = "TYPE", description = "Only this event type.")
        String eventType;

        @Option(names = "--kind", paramLabel = "KIND", description = "Only delivery, handshake, oauth or replay.")
        String kind;

        @Option(names = "--valid", description = "Only requests whose signature or credentials checked out and whose "
                + "body was accepted.")
        boolean valid;

        @Option(names = "--invalid", description = "Only requests refused: a signature or credentials that did not check "
                + "out, or a body that could not be decrypted or read (400).")
        boolean invalid;

        Query query() {
            if (valid && invalid) {
                throw HooksException.input("--valid and --invalid contradict each other: pass one");
            }
            if (kind != null && !StoredDelivery.KINDS.contains(kind)) {
                throw HooksException.input("--kind takes one of delivery, handshake, oauth, replay; got '" + kind + "'");
            }
            return Query.all().withProvider(provider).withEventType(eventType).withKind(kind)
                    .withVerified(valid ? Query.Verified.VALID : invalid ? Query.Verified.INVALID : Query.Verified.ANY);
        }
    }

    @Command(name = "list", description = "List recorded requests, newest first: one line each (or one JSON object per line).",
            footerHeading = "%nExamples:%n",
            footer = {"  hooks events list -n 20", "  hooks events list --provider paismo --invalid",
                    "  hooks events list --format json | jq -r 'select(.duplicate) | .event_id'"})
    static final class ListCommand extends BaseCommand {
        @Mixin
        StoreOption store;

        @Mixin
        Filters filters;

        @Option(names = {"-n", "--limit"}, defaultValue = "20", paramLabel = "N", description = "At most N (0: all). Default: ${DEFAULT-VALUE}.")
        int limit;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json (one object per line). Default: ${DEFAULT-VALUE}.")
        Format format;

        @Override
        public Integer call() {
            if (limit < 0) {
                throw HooksException.input("--limit takes 0 or more, got " + limit);
            }
            try (DeliveryStore history = store.open(ctx())) {
                List<DeliverySummary> rows = history.listSummaries(filters.query().withLimit(limit));
                DeliveryRenderer r = new DeliveryRenderer(new Ansi(format == Format.text && ctx().colour()));
                PrintWriter out = out();
                // A shared history names the listener that received each row: a column of its own then.
                int listenerWidth = DeliveryRenderer.listenerWidth(rows.stream().map(DeliverySummary::row).toList());
                if (format == Format.text && !rows.isEmpty()) {
                    out.println(r.header(RecordedRequest.SHORT_ID, listenerWidth));
                }
                for (DeliverySummary d : rows) {
                    out.println(format == Format.json ? DeliveryRenderer.json(DeliveryRenderer.fields(d))
                            : r.line(RecordedRequest.shortId(d.row()), listenerWidth, d.row()));
                }
                if (rows.isEmpty() && format == Format.text) {
                    err().println("hooks: no recorded requests match (history " + history.file() + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show one recorded request in full: headers, the body as received (or "
            + "pretty-printed with --pretty), verification, answer.",
            footerHeading = "%nExamples:%n",
            footer = {"  hooks events show d_06bqy7k2m9q4r8t1", "  hooks events show d_06bqy7k2m9q4r8t1 --pretty",
                "  hooks events show 42 --format json | jq .verification"})
    static final class ShowCommand extends BaseCommand {
        @Mixin
        StoreOption store;

        @Parameters(index = "0", paramLabel = "ID", description = "The delivery's id, its last few characters (the ID "
                + "column of 'hooks events list'), a unique start of it, its seq number, or the provider's event id.")
        String id;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json. Default: ${DEFAULT-VALUE}.")
        Format format;

        @Option(names = "--pretty", description = "Pretty-print JSON bodies (labelled so). Default: the bytes as received.")
        boolean pretty;

        @Override
        public Integer call() {
            try (DeliveryStore history = store.open(ctx())) {
                StoredDelivery d = RecordedRequest.find(history, id, err());
                if (format == Format.json) {
                    out().println(DeliveryRenderer.prettyJson(DeliveryRenderer.fields(d, null, true)));
                } else {
                    DeliveryRenderer r = new DeliveryRenderer(new Ansi(ctx().colour()));
                    r.show(d, pretty).forEach(out()::println);
                }
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Write every recorded request, oldest first, one full JSON object per line "
            + "(headers, body as text or body_base64, verification, answer).",
            footerHeading = "%nExamples:%n",
            footer = {"  hooks events export > history.jsonl", "  hooks events export --provider teal --invalid --store ./h.db"})
    static final class ExportCommand extends BaseCommand {
        private static final int PAGE = 500;

        @Mixin
        StoreOption store;

        @Mixin
        Filters filters;

        @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT", description = "jsonl. Default: ${DEFAULT-VALUE}.")
        ExportFormat format;

        @Override
        public Integer call() {
            try (DeliveryStore history = store.open(ctx())) {
                Query q = filters.query().withOldestFirst(true).withLimit(PAGE);
                PrintWriter out = out();
                Long after = null;
                while (true) {
                    List<StoredDelivery> page = history.list(q.withAfterSeq(after));
                    for (StoredDelivery d : page) {
                        out.print(DeliveryRenderer.json(DeliveryRenderer.fields(d, null, true)) + "\n");
                        after = d.seq();
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                }
                out.flush();
            }
            return 0;
        }
    }
}
