package dev.hooks.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "samples",
        description = {"List the sample events that 'hooks send' can deliver, per provider."},
        subcommands = SamplesCommand.Show.class,
        footerHeading = "%nExamples:%n",
        footer = {"  hooks samples", "  hooks samples --provider keypay", "  hooks samples --format json | jq -r '.[].event'",
                "  hooks samples show employee.updated --set data.status=TERMINATED"})
final class SamplesCommand extends BaseCommand {
    enum Format { text, json }

    @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Only this provider's events.")
    String provider;

    @Mixin
    ProviderOptions providers;

    @Mixin
    SampleOptions samples;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        ProviderCatalog catalog = providers.catalog(ctx());
        SampleCatalog sampleCatalog = samples.catalog(ctx());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Profile> profiles = provider != null ? List.of(catalog.get(provider)) : catalog.all();
        for (Profile p : profiles) {
            if (!sampleCatalog.folders().contains(p.samples())) {
                continue;
            }
            for (SampleEvent e : sampleCatalog.events(p.samples())) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("provider", p.name());
                row.put("event", e.eventType());
                row.put("description", e.description());
                rows.add(row);
            }
        }
        if (format == Format.json) {
            out().println(Json.write(rows, 2));
            return 0;
        }
        out().printf("%-18s %-40s %s%n", "PROVIDER", "EVENT", "DESCRIPTION");
        for (Map<String, Object> r : rows) {
            out().printf("%-18s %-40s %s%n", r.get("provider"), r.get("event"), r.get("description"));
        }
        return 0;
    }

    @Command(name = "show",
            description = {"Print a freshly rendered sample envelope (new ids and timestamps on every use), as the provider "
                    + "serialises it."},
            footerHeading = "%nExamples:%n",
            footer = {"  hooks samples show employee.updated", "  hooks samples show EmployeeCreated --provider keypay",
                    "  hooks samples show payroll.closed --set data.status=CLOSED \\",
                    "      --set data.total_net=1234.56"})
    static final class Show extends BaseCommand {
        @Parameters(index = "0", paramLabel = "EVENT", completionCandidates = EventNames.class, description = "Event type.")
        String event;

        @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
                description = "Provider (inferred from the event name when only one provider has it).")
        String provider;

        @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Edit a field before printing, e.g. data.status=CLOSED "
                + "(VALUE is JSON when it parses, else a string); repeatable.")
        List<String> sets = new ArrayList<>();

        @Mixin
        ProviderOptions providers;

        @Mixin
        SampleOptions samples;

        @Override
        public Integer call() {
            ProviderCatalog catalog = providers.catalog(ctx());
            Profile profile = provider != null ? catalog.get(provider) : null;
            SampleCatalog sampleCatalog = samples.catalog(ctx());
            SampleEvent e = SampleOptions.find(sampleCatalog, provider, profile, event);
            if (profile == null) {
                profile = catalog.all().stream().filter(p -> p.samples().equals(e.folder())).findFirst().orElse(null);
            }
            ObjectNode tree = sampleCatalog.render(e);
            SampleRenderer.setAll(tree, sets);
            byte[] body = JsonBody.toBytes(tree, SampleOptions.style(profile) == JsonBody.Style.COMPACT
                    ? JsonBody.Style.PRETTY : SampleOptions.style(profile));
            out().println(new String(body, StandardCharsets.UTF_8));
            return 0;
        }
    }
}
