package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.emulate.Emulator;
import dev.hooks.scheme.Durations;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.store.EmulatorStore;
import dev.hooks.store.StoreSettings;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "emulate",
        description = {"Run the provider's side locally: its webhook management API (register, list, pause, verify, "
                + "delivery log, retry, Get Event) on loopback, with state in the history (an SQLite file or a "
                + "PostgreSQL database), delivering events to the "
                + "registered URLs exactly as 'hooks send' does. Emit events with 'hooks trigger'.",
                "The API asks for the API key as 'Authorization: Bearer KEY' (or the provider's own header); "
                        + "its description is at /openapi.json."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks emulate --provider paismo --api-key test-key",
            "  hooks emulate -p paismo -p teal --port 4000 --time-scale 0.001",
            "  hooks trigger employee.updated --emulator http://127.0.0.1:4000 \\",
            "      --set data.status=CLOSED"})
final class EmulateCommand extends BaseCommand {
    enum Format { text, json }

    @Option(names = {"-p", "--provider"}, required = true, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "A provider to emulate (paismo, teal, paycor, paxos, keypay); repeat for several, each "
                    + "then under /P/.")
    List<String> providers = new ArrayList<>();

    /** The port emulate listens on unless told otherwise, and so where trigger looks for it. */
    static final String DEFAULT_PORT = "4000";

    @Option(names = "--port", defaultValue = DEFAULT_PORT, paramLabel = "PORT", description = "TCP port on 127.0.0.1; 0 picks "
            + "a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--api-key", paramLabel = "KEY", description = "The key the API accepts (default: $HOOKS_EMULATOR_API_KEY, "
            + "else a fresh one, printed at start).")
    String apiKey;

    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "1",
            description = "Multiply the retry schedule's waits by F: 0.001 turns an hour into 3.6 s. Default: ${DEFAULT-VALUE}.")
    double timeScale;

    @Option(names = "--clock-offset", hidden = true, paramLabel = "DURATION",
            description = "Start the emulator's clock this far ahead of the system's (also POST /_emulator/clock).")
    String clockOffset;

    @Mixin
    StoreOption store;

    @Mixin
    SampleOptions samples;

    @Mixin
    ProviderOptions providerOptions;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, or json: one {\"type\":\"ready\", ...} line with the URLs. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw HooksException.input("--port must be between 0 and 65535");
        }
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw HooksException.input("--time-scale must be a number of 0 or more, e.g. 0.001");
        }
        Duration offset = clockOffset == null ? Duration.ZERO : Durations.parse(clockOffset).orElseThrow(() ->
                HooksException.input("--clock-offset '" + clockOffset + "' is not a duration such as 91d"));
        ProviderCatalog catalog = providerOptions.catalog(ctx());
        List<Profile> profiles = new ArrayList<>();
        for (String name : providers) {
            Profile p = catalog.get(name);
            if (p.emulate() == null) {
                List<String> can = catalog.all().stream().filter(x -> x.emulate() != null).map(Profile::name).toList();
                throw HooksException.input("provider '" + name + "' cannot be emulated (its profile has no emulate "
                        + "section); these can: " + String.join(", ", can));
            }
            if (profiles.stream().anyMatch(x -> x.name().equals(p.name()))) {
                throw HooksException.input("provider '" + name + "' is named twice");
            }
            profiles.add(p);
        }
        String key = apiKey != null ? apiKey : ctx().env().get("HOOKS_EMULATOR_API_KEY");
        boolean generated = key == null || key.isEmpty();
        if (generated) {
            byte[] raw = new byte[16];
            new SecureRandom().nextBytes(raw);
            key = "emu_" + HexFormat.of().formatHex(raw);
        }
        Emulator emulator = Emulator.start(new Emulator.Settings(profiles, "127.0.0.1", port, key, timeScale, offset,
                store.location(ctx()), new StoreSettings(null, store.passwordEnv, ctx().env()),
                samples.catalog(ctx())));
        String history = emulator.history();
        // SIGTERM and Ctrl-C end the JVM through its shutdown hooks; a caller running the command on a thread
        // interrupts it. Either way the emulator stops once and says what it did, as listen does.
        Runnable stop = new Runnable() {
            private boolean stopped;

            @Override
            public synchronized void run() {
                if (stopped) {
                    return;
                }
                stopped = true;
                EmulatorStore.Counts c = emulator.counts();
                emulator.close();
                err().printf("hooks emulate: stopped. events %d, deliveries %d (%d answered 2xx, %d failed); history %s%n",
                        c.events(), c.delivered() + c.failed(), c.delivered(), c.failed(), history);
                err().flush();
            }
        };
        Thread hook = new Thread(stop, "hooks-emulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            banner(emulator, generated ? key : null, history);
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // Ctrl-C, or the caller interrupting the command's thread
            }
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran
            }
        }
        return 0;
    }

    /** The base URL of each provider and the credentials the API expects; a key given by the user is not echoed. */
    private void banner(Emulator emulator, String generatedKey, String history) {
        if (format == Format.json) {
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("type", "ready");
            ready.put("url", emulator.baseUrl());
            List<Map<String, Object>> ps = new ArrayList<>();
            for (Emulator.Mount m : emulator.mounts()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("provider", m.provider());
                p.put("base_url", emulator.baseUrl() + m.prefix());
                p.put("subscriptions", emulator.baseUrl() + m.prefix() + m.spec().base());
                p.put("key_header", m.spec().keyHeader());
                ps.add(p);
            }
            ready.put("providers", ps);
            ready.put("api_key", generatedKey);
            ready.put("openapi", emulator.baseUrl() + "/openapi.json");
            out().println(dev.hooks.scheme.Json.write(ready, 0));
            out().flush();
            return;
        }
        for (Emulator.Mount m : emulator.mounts()) {
            out().println("hooks emulate: " + m.provider() + " at " + emulator.baseUrl() + m.prefix()
                    + "  (subscriptions: " + m.prefix() + m.spec().base() + ")");
        }
        out().println("  credentials: Authorization: Bearer " + (generatedKey != null ? generatedKey : "<the --api-key>")
                + keyHeaders(emulator));
        out().println("  emit events: hooks trigger EVENT --emulator " + emulator.baseUrl());
        out().println("  API description: " + emulator.baseUrl() + "/openapi.json; history " + history
                + ". Ctrl-C to stop.");
        out().flush();
    }

    private static String keyHeaders(Emulator emulator) {
        StringBuilder sb = new StringBuilder();
        for (Emulator.Mount m : emulator.mounts()) {
            if (m.spec().keyHeader() != null) {
                sb.append(m.spec().keyHeaderRequired() ? "; " + m.provider() + " also needs " : "; or for "
                        + m.provider() + " ").append(m.spec().keyHeader()).append(": <the key>");
            }
        }
        return sb.toString();
    }
}
