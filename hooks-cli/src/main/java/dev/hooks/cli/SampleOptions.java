package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.scheme.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Where sample events come from: built in, then {@code ~/.config/hooks/samples}, then {@code --samples-dir}. */
final class SampleOptions {
    @Option(names = "--samples-dir", paramLabel = "DIR",
            description = "Also read sample events from DIR/<provider>/<event>.json (default: ~/.config/hooks/samples).")
    Path samplesDir;

    SampleCatalog catalog(Context ctx) {
        if (samplesDir != null) {
            if (!Files.isDirectory(samplesDir)) {
                throw HooksException.input("--samples-dir " + samplesDir + " is not a directory");
            }
            return SampleCatalog.withDirectory(samplesDir);
        }
        Path user = ctx.configDir().resolve("samples");
        return Files.isDirectory(user) ? SampleCatalog.withDirectory(user) : SampleCatalog.builtIn();
    }

    /**
     * Finds an event in the named provider's samples, or, without a provider, in every provider's samples when the
     * name is unambiguous.
     */
    static SampleEvent find(SampleCatalog catalog, String provider, Profile profile, String event) {
        if (profile != null) {
            return catalog.find(profile.samples(), event).orElseThrow(() -> HooksException.input("provider '" + provider
                    + "' has no sample event '" + event + "': it has " + names(catalog.events(profile.samples()))
                    + " (see 'hooks samples --provider " + provider + "')"));
        }
        List<SampleEvent> found = catalog.findEverywhere(event);
        if (found.isEmpty()) {
            throw HooksException.input("no provider has a sample event '" + event + "' (see 'hooks samples')");
        }
        if (found.size() > 1) {
            throw HooksException.input("event '" + event + "' is a sample of several providers ("
                    + found.stream().map(SampleEvent::folder).collect(Collectors.joining(", ")) + "): pass --provider");
        }
        return found.get(0);
    }

    private static String names(List<SampleEvent> events) {
        return events.stream().map(SampleEvent::eventType).collect(Collectors.joining(", "));
    }

    /** How the provider serialises its bodies. */
    static JsonBody.Style style(Profile profile) {
        return switch (profile == null ? "compact" : profile.envelope().format()) {
            case "pretty" -> JsonBody.Style.PRETTY;
            case "newtonsoft" -> JsonBody.Style.NEWTONSOFT_INDENTED;
            default -> JsonBody.Style.COMPACT;
        };
    }
}
