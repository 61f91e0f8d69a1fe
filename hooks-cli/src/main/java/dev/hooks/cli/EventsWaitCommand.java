package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.Durations;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.DeliveryWait;
import dev.hooks.store.StoredDelivery;
import dev.hooks.term.Ansi;
import dev.hooks.term.DeliveryRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "wait",
        description = {"Block until N matching deliveries are in the history 'hooks listen' records, then print them: "
                + "for CI scripts that make an app send and need to know it did.",
                "Exit 0 when they arrived; 1 on timeout, listing what did arrive and why each was not counted."},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks events wait -p paismo --event-type employee.created --valid \\",
                "      --timeout 60s",
                "  hooks events wait -n 3 --since 10m --timeout 2m \\",
                "      --format json | jq '.matched[].id'"})
final class EventsWaitCommand extends BaseCommand {
    /** The exit code of a wait stopped by Ctrl-C, as a shell reports a command ended by SIGINT (128 + 2). */
    static final int INTERRUPTED = 130;

    enum Format { text, json }

    @Mixin
    StoreOption store;

    @Option(names = {"-n", "--count"}, defaultValue = "1", paramLabel = "N",
            description = "How many matching deliveries to wait for. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Only this provider's deliveries.")
    String provider;

    @Option(names = "--event-type", paramLabel = "TYPE", description = "Only this event type.")
    String eventType;

    @Option(names = "--valid", description = "Only deliveries whose signature or credentials checked out.")
    boolean valid;

    @Option(names = "--since", paramLabel = "TIME", description = "Only deliveries received from TIME on: an instant "
            + "(2026-03-01T09:30:00Z), a duration ago (10m), or now. Default: the whole history.")
    String since;

    @Option(names = "--timeout", required = true, paramLabel = "DURATION",
            description = "Give up after this long (30s, 5m; 0 looks once).")
    String timeout;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (one line per delivery), or json: one document {matched, rejected, ...}. "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        if (count < 1) {
            throw HooksException.input("--count must be at least 1, got " + count);
        }
        Duration limit = Durations.parse(timeout).filter(d -> !d.isNegative()).orElseThrow(() ->
                HooksException.input("--timeout '" + timeout + "' is not a duration such as 30s or 5m"));
        DeliveryWait.Criteria criteria = new DeliveryWait.Criteria(provider, eventType, valid, since(), count);
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        Path file = store.path(ctx()); // null for a database, which is there or not
        while (file != null && !Files.isRegularFile(file) && System.nanoTime() - deadline < 0) {
            sleep();
        }
        if (file != null && !Files.isRegularFile(file)) {
            err().println("hooks: timed out after " + Durations.format(limit) + ": no history at " + file
                    + " yet ('hooks listen' records deliveries there" + (store.given(ctx()) ? ")" : "; or pass --store PATH)"));
            return HooksException.CHECK_FAILED;
        }
        DeliveryWait.Outcome outcome;
        try (DeliveryStore history = store.open(ctx(), null)) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            outcome = new DeliveryWait(history, criteria).await(left, () -> Thread.currentThread().isInterrupted());
        }
        if (format == Format.json) {
            out().println(DeliveryRenderer.json(json(outcome, count, limit)));
        } else {
            DeliveryRenderer r = new DeliveryRenderer(new Ansi(ctx().colour()));
            outcome.matched().forEach(d -> out().println(r.line(d, null)));
        }
        out().flush();
        if (outcome.complete()) {
            return 0;
        }
        if (Thread.currentThread().isInterrupted()) {
            // Ctrl-C (in hooks shell, or a caller interrupting the command): it was stopped, not timed out.
            err().println("hooks: interrupted after " + Durations.format(Duration.ofNanos(System.nanoTime() - started))
                    + ": " + outcome.matched().size() + " of " + count + " matching deliveries had arrived.");
            return INTERRUPTED;
        }
        err().println("hooks: timed out after " + Durations.format(limit) + ": " + outcome.matched().size() + " of "
                + count + " matching deliveries arrived" + (outcome.rejectedCount() == 0 ? ", and nothing else"
                : "; " + outcome.rejectedCount() + " other request" + (outcome.rejectedCount() == 1 ? "" : "s")
                + " did not match" + (outcome.rejectedCount() > outcome.rejected().size()
                ? " (the last " + outcome.rejected().size() + (format == Format.json ? " in \"rejected\")" : " below)")
                : "") + (format == Format.json ? "" : ":")));
        if (format == Format.text) {
            DeliveryRenderer r = new DeliveryRenderer(new Ansi(false));
            for (DeliveryWait.Rejected x : outcome.rejected()) {
                err().println("  " + r.line(x.delivery(), null));
                err().println("      not counted: " + x.why());
            }
        }
        return HooksException.CHECK_FAILED;
    }

    private Instant since() {
        return since == null ? null : since(since, ctx().clock().instant());
    }

    /** {@code --since}: an instant (2026-03-01T09:30:00Z), a duration ago (10m), or now. */
    static Instant since(String text, Instant now) {
        if (text.equalsIgnoreCase("now")) {
            return now;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            // not an instant; a duration ago?
        }
        return Durations.parse(text).map(now::minus).orElseThrow(() -> HooksException.input("--since '" + text
                + "' is not a time: give an instant (2026-03-01T09:30:00Z), a duration ago (10m) or now"));
    }

    private static Map<String, Object> json(DeliveryWait.Outcome o, int wanted, Duration limit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("complete", o.complete());
        m.put("wanted", wanted);
        m.put("timeout_ms", limit.toMillis());
        List<Object> matched = new ArrayList<>();
        for (StoredDelivery d : o.matched()) {
            matched.add(DeliveryRenderer.fields(d, null, false));
        }
        m.put("matched", matched);
        List<Object> rejected = new ArrayList<>();
        for (DeliveryWait.Rejected x : o.rejected()) {
            Map<String, Object> f = DeliveryRenderer.fields(x.delivery(), null, false);
            f.put("not_counted", x.why());
            rejected.add(f);
        }
        m.put("rejected", rejected);
        m.put("rejected_count", o.rejectedCount());
        return m;
    }

    private static void sleep() {
        try {
            Thread.sleep(DeliveryWait.POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooksException(INTERRUPTED, "interrupted while waiting for the history to appear", null);
        }
    }
}
