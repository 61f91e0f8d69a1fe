package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scenario.PlayOptions;
import dev.hooks.scenario.PlayPlan;
import dev.hooks.scenario.Playback;
import dev.hooks.scenario.Played;
import dev.hooks.scenario.Scenario;
import dev.hooks.scenario.ScenarioImport;
import dev.hooks.scenario.ScenarioRequests;
import dev.hooks.scheme.Durations;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.send.Credentials;
import dev.hooks.send.HttpTransport;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.RecordedScenario;
import dev.hooks.store.StoredDelivery;
import dev.hooks.term.ScenarioRenderer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scenario",
        description = {"Turn recorded deliveries into a repeatable test: record them from the history into a scenario "
                + "file (JSON, no secrets), play it to a receiver re-signed with fresh timestamps and ids (event ids "
                + "kept), in order or with the faults real providers make, import captures made elsewhere, show one."},
        subcommands = {ScenarioCommand.RecordCommand.class, ScenarioCommand.PlayCommand.class,
                ScenarioCommand.ImportCommand.class, ScenarioCommand.ShowCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks scenario record --provider paismo --last 10 -o employee-lifecycle.json",
                "  hooks scenario play employee-lifecycle.json \\",
                "      --to http://127.0.0.1:8080/webhooks --secret-env PAISMO_SECRET",
                "  hooks scenario play s.json --to paismo=http://127.0.0.1:8080/p \\",
                "      --to teal=http://127.0.0.1:8080/t --secret paismo=$P --secret teal=$T \\",
                "      --encryption-key $K --shuffle=42 --duplicate 0.2",
                "  hooks scenario import export.jsonl -o s.json --from jsonl",
                "  hooks scenario show s.json"})
final class ScenarioCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    @Command(name = "record", description = "Write deliveries from the history to a scenario file, oldest first: "
            + "bodies byte for byte (Teal's decrypted plaintext, marked encrypted), headers without signatures, "
            + "credentials, per-attempt ids or timestamps, and each delivery's time after the first.",
            footerHeading = "%nExamples:%n",
            footer = {"  hooks scenario record -o all.json",
                    "  hooks scenario record -o s.json --provider paismo --since 1h --valid \\",
                    "      --event-type employee.created --event-type employee.updated",
                    "  hooks scenario record -o last5.json --last 5 --store ./history.db"})
    static final class RecordCommand extends BaseCommand {
        private static final int PAGE = 500;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The scenario file to write.")
        Path output;

        @Mixin
        StoreOption store;

        @Mixin
        ProviderOptions providers;

        @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
                description = "Only this provider's deliveries (repeat for several).")
        List<String> providerNames = new ArrayList<>();

        @Option(names = "--event-type", paramLabel = "TYPE", description = "Only this event type (repeat for several).")
        List<String> eventTypes = new ArrayList<>();

        @Option(names = "--since", paramLabel = "TIME|DURATION", description = "Only deliveries received from TIME on: "
                + "an instant (2026-03-01T09:30:00Z), a duration ago (10m), or now.")
        String since;

        @Option(names = "--last", paramLabel = "N", description = "Only the last N deliveries that match.")
        Integer last;

        @Option(names = "--valid", description = "Only deliveries whose signature or credentials checked out.")
        boolean valid;

        @Override
        public Integer call() {
            if (last != null && last < 1) {
                throw HooksException.input("--last takes 1 or more, got " + last);
            }
            Instant from = since == null ? null : EventsWaitCommand.since(since, ctx().clock().instant());
            ProviderCatalog catalog = providers.catalog(ctx());
            List<StoredDelivery> picked = new ArrayList<>();
            try (DeliveryStore history = store.open(ctx())) {
                for (String provider : providerNames.isEmpty() ? java.util.Collections.<String>singletonList(null) : providerNames) {
                    for (String type : eventTypes.isEmpty() ? java.util.Collections.<String>singletonList(null) : eventTypes) {
                        Query q = Query.all().withKind(StoredDelivery.DELIVERY).withProvider(provider).withEventType(type)
                                .withVerified(valid ? Query.Verified.VALID : Query.Verified.ANY)
                                .withOldestFirst(true).withLimit(PAGE);
                        Long after = null;
                        while (true) {
                            List<StoredDelivery> page = history.list(q.withAfterSeq(after));
                            for (StoredDelivery d : page) {
                                after = d.seq();
                                if (from == null || !d.receivedAt().isBefore(from)) {
                                    picked.add(d);
                                }
                            }
                            if (page.size() < PAGE) {
                                break;
                            }
                        }
                    }
                }
            }
            picked.sort(java.util.Comparator.comparingLong(StoredDelivery::seq));
            if (last != null && picked.size() > last) {
                picked = new ArrayList<>(picked.subList(picked.size() - last, picked.size()));
            }
            Scenario scenario = RecordedScenario.of(picked, catalog::find, note -> err().println("hooks: note: " + note));
            scenario.save(output);
            err().println("hooks: wrote " + scenario.deliveries().size() + " deliveries to " + output);
            return 0;
        }
    }

    @Command(name = "play", description = {"Deliver a scenario to a receiver, each delivery made again as its provider "
            + "makes it: the recorded body byte for byte (an encrypted provider's plaintext encrypted again under "
            + "--encryption-key), re-signed with the secret given, fresh signature timestamps and per-attempt ids, the "
            + "event ids kept (a duplicate is a real redelivery), and the provider's authentication.",
            "Exit 0 when every delivery got a 2xx, 1 when one did not, 3 when a receiver could not be reached."},
            footerHeading = "%nExamples:%n",
            footer = {"  hooks scenario play s.json --to http://127.0.0.1:8080/webhooks \\",
                    "      --secret-env PAISMO_SECRET",
                    "  hooks scenario play s.json --to http://127.0.0.1:3000/webhook --secret s \\",
                    "      --shuffle=42 --duplicate 0.3",
                    "  hooks scenario play s.json --to paismo=http://127.0.0.1:3000/paismo \\",
                    "      --to teal=http://127.0.0.1:3000/teal --secret paismo=$P --secret teal=$T \\",
                    "      --encryption-key $K --time-scale 1 --format junit > play.xml"})
    static final class PlayCommand extends BaseCommand {
        enum Format { text, json, junit }

        @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file.")
        Path file;

        @Option(names = "--to", required = true, paramLabel = "URL|P=URL", description = "Where to deliver: one URL for "
                + "every delivery, or P=URL for provider P's (repeat).")
        List<String> to = new ArrayList<>();

        @Mixin
        ProviderSecrets secrets;

        @Mixin
        EncryptionKeyOption encryptionKey;

        @Mixin
        AuthOptions auth;

        @Mixin
        ProviderOptions providers;

        @Mixin
        HttpOptions http;

        @Option(names = "--time-scale", defaultValue = "0", paramLabel = "F", description = "0 sends with no waits; 1 "
                + "keeps the recorded gaps; 0.1 compresses them tenfold. Default: ${DEFAULT-VALUE}.")
        double timeScale;

        @Option(names = "--shuffle", arity = "0..1", fallbackValue = "", paramLabel = "SEED", description = "Deliver in "
                + "a random order, the same for the same SEED (printed, so a failing order can be repeated).")
        String shuffle;

        @Option(names = "--seed", paramLabel = "N", description = "The seed of every random choice (--shuffle, "
                + "--duplicate, --jitter), to repeat a run.")
        Long seed;

        @Option(names = "--reverse", description = "Deliver newest first.")
        boolean reverse;

        @Option(names = "--duplicate", defaultValue = "0", paramLabel = "RATE", description = "Send each delivery again "
                + "with this probability (0-1), at once or later in the run, with the same event id.")
        double duplicate;

        @Option(names = "--jitter", paramLabel = "DURATION", description = "Hold each delivery a further random time up "
                + "to this long (250ms, 2s), which may reorder them.")
        String jitter;

        @Option(names = {"-c", "--concurrency"}, defaultValue = "1", paramLabel = "N", description = "Deliveries in "
                + "flight at once. Default: ${DEFAULT-VALUE}.")
        int concurrency;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text (one line per "
                + "delivery), json (one object per delivery), or junit (a JUnit XML report, one test case per "
                + "delivery). Default: ${DEFAULT-VALUE}.")
        Format format;

        @Override
        public Integer call() {
            Scenario scenario = Scenario.load(file);
            PlayOptions options = options();
            Map<String, URI> targets = targets();
            ProviderCatalog catalog = providers.catalog(ctx());
            Set<String> names = new LinkedHashSet<>();
            for (Scenario.Delivery d : scenario.deliveries()) {
                if (d.provider() != null) {
                    names.add(d.provider());
                }
            }
            for (String p : targets.keySet()) {
                if (!p.isEmpty() && !names.contains(p)) {
                    throw HooksException.input("--to " + p + "=...: the scenario has no " + p + " deliveries (it has "
                            + (names.isEmpty() ? "none of a known provider" : String.join(", ", names)) + ")");
                }
            }
            ProviderSecrets secretsByProvider = secrets.resolve(ctx(), List.copyOf(names), catalog.names(),
                    "in the scenario (it has ", null);
            String key = encryptionKey.resolve(ctx());
            ScenarioRequests.Keys keys = new ScenarioRequests.Keys() {
                @Override
                public String secret(Profile profile) {
                    return secretsByProvider.of(profile.name());
                }

                @Override
                public String encryptionKey(Profile profile) {
                    return key;
                }

                @Override
                public Credentials credentials(Profile profile) {
                    return auth.credentials(ctx(), profile, err());
                }
            };
            ScenarioRenderer renderer = new ScenarioRenderer();
            List<Played> results;
            PlayPlan plan = PlayPlan.of(scenario, options);
            Duration longest = null; // the longest delivery timeout of the scenario's providers, as --timeout's default
            for (String name : names) {
                Duration t = catalog.get(name).delivery().timeout();
                longest = t != null && (longest == null || t.compareTo(longest) > 0) ? t : longest;
            }
            try (HttpTransport transport = http.transport(ctx(), err(), longest)) {
                ScenarioRequests requests = new ScenarioRequests(catalog::get,
                        p -> targets.containsKey(p == null ? "" : p) ? targets.get(p == null ? "" : p) : targets.get(""),
                        keys, transport, ctx().clock());
                requests.check(scenario);
                if (plan.seed() != null) {
                    err().println("hooks: seed " + plan.seed() + " (repeat this run with --seed " + plan.seed()
                            + (options.shuffle() ? " --shuffle" : "") + ")");
                }
                results = Playback.run(plan, options.concurrency(), requests, transport, p -> {
                    if (format == Format.text) {
                        out().println(renderer.line(p));
                    } else if (format == Format.json) {
                        out().println(ScenarioRenderer.json(p));
                    }
                    out().flush();
                });
            }
            if (format == Format.junit) {
                out().print(ScenarioRenderer.junit(file.getFileName().toString(), results, plan.seed(), ctx().clock().instant()));
                out().flush();
            }
            int code = Playback.exitCode(results);
            long ok = results.stream().filter(Played::delivered).count();
            err().println("hooks: " + ok + " of " + results.size() + " deliveries got a 2xx"
                    + (code == HooksException.NETWORK ? "; a receiver could not be reached" : ""));
            return code;
        }

        private PlayOptions options() {
            Long chosen = seed;
            if (shuffle != null && !shuffle.isEmpty()) {
                try {
                    chosen = Long.parseLong(shuffle);
                } catch (NumberFormatException e) {
                    throw HooksException.input("--shuffle=SEED takes a whole number, got '" + shuffle + "'");
                }
            }
            Duration j = jitter == null ? null : Durations.parse(jitter).orElseThrow(() -> HooksException.input(
                    "--jitter '" + jitter + "' is not a duration such as 250ms or 2s"));
            try {
                return new PlayOptions(timeScale, shuffle != null, reverse, duplicate, j, concurrency, chosen);
            } catch (IllegalArgumentException e) {
                throw HooksException.input(e.getMessage().replace("the time scale", "--time-scale")
                        .replace("the duplicate rate", "--duplicate").replace("the jitter", "--jitter")
                        .replace("the concurrency", "--concurrency"));
            }
        }

        /** {@code --to} by provider; {@code ""} for the URL without a provider's name. */
        private Map<String, URI> targets() {
            Map<String, URI> out = new LinkedHashMap<>();
            for (String t : to) {
                int eq = t.indexOf('=');
                int scheme = t.indexOf("://");
                boolean named = eq > 0 && (scheme < 0 || eq < scheme) && !t.substring(0, eq).contains("/");
                String provider = named ? t.substring(0, eq) : "";
                String url = named ? t.substring(eq + 1) : t;
                if (out.put(provider, HttpOptions.url("--to", url)) != null) {
                    throw HooksException.input(provider.isEmpty() ? "--to: two URLs for every delivery; name the provider "
                            + "of each (--to P=URL)" : "--to: two URLs for " + provider);
                }
            }
            return out;
        }
    }

    @Command(name = "import", description = "Turn captures made elsewhere into a scenario: jsonl (the lines of 'hooks "
            + "events export' or 'hooks listen --format json --verbose'), stripe (Stripe event objects, one, an array "
            + "or a list, as the API and 'stripe events' print them; played oldest first), har (the POST requests of a HAR file from a "
            + "browser, ngrok or mitmproxy).",
            footerHeading = "%nExamples:%n",
            footer = {"  hooks events export --provider paismo > h.jsonl",
                    "  hooks scenario import h.jsonl -o s.json --from jsonl",
                    "  stripe events list --limit 5 > ev.json",
                    "  hooks scenario import ev.json -o s.json --from stripe",
                    "  hooks scenario import capture.har -o s.json --from har"})
    static final class ImportCommand extends BaseCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The capture to import ('-' for stdin).")
        String input;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The scenario file to write.")
        Path output;

        @Option(names = "--from", required = true, paramLabel = "FORMAT", description = "jsonl, stripe or har.")
        ScenarioImport.From from;

        @Mixin
        ProviderOptions providers;

        @Override
        public Integer call() {
            byte[] bytes = readPayload(input);
            Scenario scenario = ScenarioImport.read(from, bytes, providers.catalog(ctx()).all(),
                    input.equals("-") ? "stdin" : input, warning -> err().println("hooks: warning: " + warning));
            scenario.save(output);
            err().println("hooks: wrote " + scenario.deliveries().size() + " deliveries to " + output);
            return 0;
        }
    }

    @Command(name = "show", description = "Print a scenario: one line per delivery (time after the first, provider, "
            + "event type, event id, method, path, body size).",
            footerHeading = "%nExamples:%n", footer = {"  hooks scenario show scenarios/paismo-employee-lifecycle.json"})
    static final class ShowCommand extends BaseCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file.")
        Path file;

        @Override
        public Integer call() {
            Scenario scenario = Scenario.load(file);
            ScenarioRenderer renderer = new ScenarioRenderer();
            int i = 0;
            for (Scenario.Delivery d : scenario.deliveries()) {
                out().println(renderer.line(++i, d));
            }
            if (scenario.deliveries().isEmpty()) {
                err().println("hooks: " + file + " has no deliveries");
            }
            return 0;
        }
    }
}
