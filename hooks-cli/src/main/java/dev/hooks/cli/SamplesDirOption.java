package dev.hooks.cli;

import dev.hooks.samples.SampleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --samples-dir DIR}: the user's sample events on top of the built-in ones. */
final class SamplesDirOption {
    @Option(names = "--samples-dir", paramLabel = "DIR",
            description = "Also read samples from DIR/<provider>/<event>.json (default: ~/.config/hooks/samples when it exists).")
    Path samplesDir;

    /** The built-in samples, with DIR's (or the user's config directory's, when it has some) over them. */
    SampleCatalog catalog(Context ctx) {
        Path dir = samplesDir;
        if (dir == null) {
            Path user = ctx.configDir().resolve("samples");
            dir = Files.isDirectory(user) ? user : null;
        }
        return SampleCatalog.withDirectory(dir);
    }
}
