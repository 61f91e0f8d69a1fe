package dev.hooks.cli;

import dev.hooks.scheme.Durations;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "providers",
        description = {"List the provider profiles: built-in, then the user's (~/.config/hooks/providers), "
                + "then --providers-dir."},
        subcommands = {ProvidersCommand.Show.class, ProvidersCommand.Import.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks providers", "  hooks providers --format json | jq -r '.[].name'", "  hooks providers show teal",
            "  hooks providers import openapi.yaml -o providers --name acme"})
final class ProvidersCommand extends BaseCommand {
    enum Format { text, json }

    @Mixin
    ProviderOptions providers;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        List<Profile> all = providers.catalog(ctx()).all();
        if (format == Format.json) {
            List<Object> list = new ArrayList<>();
            for (Profile p : all) {
                list.add(summary(p));
            }
            out().println(Json.write(list, 2));
            return 0;
        }
        out().printf("%-18s %-12s %-22s %-8s %s%n", "NAME", "SIGNATURE", "HEADER", "SOURCE", "DESCRIPTION");
        for (Profile p : all) {
            out().printf("%-18s %-12s %-22s %-8s %s%n", p.name(), p.signature().algorithm(),
                    p.signature().header() == null ? "-" : p.signature().header(),
                    p.source().startsWith("built-in") ? "built-in" : "user", p.description());
        }
        return 0;
    }

    static Map<String, Object> summary(Profile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("description", p.description());
        m.put("source", p.source().startsWith("built-in") ? "built-in" : p.source());
        m.put("signature", p.signature().algorithm());
        m.put("header", p.signature().header());
        m.put("encryption", p.encrypts() ? p.encryption().algorithm() : null);
        m.put("handshake", p.handshake().kind());
        m.put("auth", p.auth().kind());
        return m;
    }

    static Map<String, Object> detail(Profile p) {
        Map<String, Object> m = summary(p);
        Map<String, Object> sig = new LinkedHashMap<>();
        Profile.SignatureSpec s = p.signature();
        sig.put("algorithm", s.algorithm());
        if (!s.none()) {
            sig.put("key", s.key());
            sig.put("signed", s.signed());
            sig.put("header", s.header());
            sig.put("value", s.value());
            if (!s.alsoAccept().isEmpty()) {
                sig.put("alsoAccept", s.alsoAccept());
            }
            sig.put("separator", s.separator());
            sig.put("tolerance", s.tolerance() == null ? null : Durations.format(s.tolerance()));
            sig.put("rejectFuture", s.rejectFuture());
            sig.put("status", s.status());
        }
        m.put("signature", sig);
        m.put("headers", p.headers());
        m.put("id", p.id().header());
        m.put("timestamp", p.timestamp().header() == null ? null : p.timestamp().header() + " (" + p.timestamp().format() + ")");
        if (p.encrypts()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("algorithm", p.encryption().algorithm());
            e.put("ivHeader", p.encryption().ivHeader());
            e.put("ivBytes", p.encryption().ivBytes());
            e.put("body", p.encryption().body());
            e.put("order", p.encryption().order());
            m.put("encryption", e);
        }
        Map<String, Object> hs = new LinkedHashMap<>();
        hs.put("kind", p.handshake().kind());
        if (p.handshake().header() != null) {
            hs.put("header", p.handshake().header() + ": " + p.handshake().headerValue());
        }
        m.put("handshake", hs);
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("kind", p.auth().kind());
        auth.put("header", p.auth().header());
        m.put("auth", auth);
        Map<String, Object> d = new LinkedHashMap<>();
        List<String> schedule = new ArrayList<>();
        for (Duration x : p.delivery().schedule()) {
            schedule.add(Durations.format(x));
        }
        d.put("schedule", schedule);
        d.put("stopOn", p.delivery().stopOn());
        d.put("timeout", Durations.format(p.delivery().timeout()));
        d.put("failureLimit", p.delivery().failureLimit());
        m.put("delivery", d);
        m.put("samples", p.samples());
        if (p.emulate() != null) {
            m.put("emulate", emulate(p.emulate()));
        }
        return m;
    }

    /** The profile's {@code emulate} section under its field names; fields it leaves unset are left out. */
    private static Map<String, Object> emulate(Profile.EmulateSpec s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("api", s.api());
        e.put("base", s.base());
        e.put("keyHeader", s.keyHeader());
        e.put("keyHeaderRequired", s.keyHeaderRequired());
        e.put("verify", s.verify());
        e.put("retention", Durations.format(s.retention()));
        e.put("deliveryId", s.deliveryId());
        if (!s.thin().isEmpty()) {
            e.put("thin", s.thin());
        }
        e.put("eventsPath", s.eventsPath());
        e.put("tokenPath", s.tokenPath());
        e.put("catalogPath", s.catalogPath());
        e.put("pausedByDefault", s.pausedByDefault());
        e.values().removeIf(java.util.Objects::isNull);
        return e;
    }

    @Command(name = "show", description = "Show one provider profile: headers, algorithms, handshake, retries, events.",
            footerHeading = "%nExamples:%n", footer = {"  hooks providers show keypay", "  hooks providers show stripe --format json"})
    static final class Show extends BaseCommand {
        @Mixin
        ProviderOptions providers;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
        Format format;

        @Parameters(index = "0", paramLabel = "NAME", completionCandidates = ProviderNames.class, description = "Provider name.")
        String name;

        @Override
        public Integer call() {
            ProviderCatalog catalog = providers.catalog(ctx());
            Profile p = catalog.get(name);
            Map<String, Object> m = detail(p);
            List<String> events = SampleEvents.names(p.samples());
            m.put("events", events);
            if (format == Format.json) {
                out().println(Json.write(m, 2));
                return 0;
            }
            print(m, "");
            return 0;
        }

        private void print(Map<String, Object> m, String indent) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Object v = e.getValue();
                if (v == null || (v instanceof Map<?, ?> mm && mm.isEmpty())) {
                    continue;
                }
                if (v instanceof Map<?, ?> mm) {
                    out().println(indent + e.getKey() + ":");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> sub = (Map<String, Object>) mm;
                    print(sub, indent + "  ");
                } else if (v instanceof List<?> l) {
                    out().println(indent + e.getKey() + ": " + (l.isEmpty() ? "-" : String.join(", ", l.stream().map(String::valueOf).toList())));
                } else {
                    out().println(indent + e.getKey() + ": " + v);
                }
            }
        }
    }

    @Command(name = "import",
            description = {"Write a provider profile from an OpenAPI 3.1 document's webhooks or an AsyncAPI 2.6 or 3.0 "
                    + "document: its events, a JSON Schema per event ($refs resolved) and a sample per event (the "
                    + "spec's example, or one made from the schema).",
                    "Specs do not describe signatures: the signature, ids and timestamps come from --scheme. Then "
                    + "pass --providers-dir DIR (and --samples-dir DIR to send) to listen, send, check, emulate and "
                    + "validate."},
            footerHeading = "%nExamples:%n",
            footer = {"  hooks providers import openapi.yaml -o providers --name acme",
                "  hooks listen --providers-dir providers --provider acme --secret whsec_...",
                "  hooks send newPet --providers-dir providers --samples-dir providers \\",
                "      --provider acme --secret whsec_... --to URL"})
    static final class Import extends BaseCommand {
        @Parameters(index = "0", paramLabel = "SPEC", description = "The OpenAPI 3.1 or AsyncAPI document, JSON or YAML.")
        java.nio.file.Path spec;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
                description = "Where to write DIR/NAME.json, DIR/schemas/NAME/ and the samples in DIR/NAME/.")
        java.nio.file.Path output;

        @Option(names = "--name", paramLabel = "N", description = "The provider's name (default: from the spec's title).")
        String name;

        @Option(names = "--scheme", paramLabel = "S", defaultValue = "standard-webhooks",
                description = "The built-in provider whose signature, ids and timestamps to use. Default: ${DEFAULT-VALUE}.")
        String scheme;

        @Override
        public Integer call() {
            byte[] bytes = readPayload(spec.toString());
            dev.hooks.schema.SpecImport.Spec s = dev.hooks.schema.SpecImport.read(bytes, spec.toString());
            String n = name != null ? name : slug(s.title());
            if (n.isEmpty()) {
                throw dev.hooks.HooksException.input("the spec has no title to name the provider by: pass --name N");
            }
            List<java.nio.file.Path> files = dev.hooks.schema.SpecImport.write(s, n, scheme, output);
            long made = s.events().stream().filter(e -> !e.sampleFromSpec()).count();
            out().println("imported " + n + " from " + s.kind() + ": " + s.events().size() + (s.events().size() == 1 ? " event (" : " events (")
                    + String.join(", ", s.events().stream().map(dev.hooks.schema.SpecImport.Event::name).toList())
                    + "), signed as " + scheme);
            if (made > 0) {
                out().println(made + " sample" + (made == 1 ? " was" : "s were") + " made from the schema (the spec has no example)");
            }
            out().println("wrote " + files.get(0) + " and " + (files.size() - 1) + " schema and sample files");
            out().println("use it with --providers-dir " + output + " (and --samples-dir " + output + " to send its samples)");
            return 0;
        }

        private static String slug(String title) {
            return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        }
    }
}
