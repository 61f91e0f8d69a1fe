package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.store.DeliveryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store PATH}: which history to read; by default the one {@code hooks listen} writes. */
final class StoreOption {
    @Option(names = "--store", paramLabel = "PATH", description = "History file (default: $XDG_STATE_HOME/hooks/history.db, "
            + "else ~/.local/state/hooks/history.db).")
    Path store;

    Path path(Context ctx) {
        return store != null ? store : DeliveryStore.defaultPath(ctx.env());
    }

    /** Opens the history for reading; fails with exit 2 when there is none yet. */
    DeliveryStore open(Context ctx) {
        Path p = path(ctx);
        if (!Files.isRegularFile(p)) {
            throw HooksException.input("no history at " + p + " yet: 'hooks listen' records deliveries there"
                    + (store == null ? " (or pass --store PATH)" : ""));
        }
        return DeliveryStore.open(p);
    }
}
