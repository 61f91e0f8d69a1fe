package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --store PATH|URL}: which history to read or write; by default {@code HOOKS_STORE}, else the file
 * {@code hooks listen} writes. A {@code postgresql://} or {@code jdbc:postgresql://} URL names a PostgreSQL database;
 * anything else is an SQLite file.
 */
final class StoreOption {
    @Option(names = "--store", paramLabel = "PATH|URL", description = "History: an SQLite file, or a PostgreSQL "
            + "database postgresql://[user@]host[:port]/db (default: $HOOKS_STORE, else "
            + "$XDG_STATE_HOME/hooks/history.db, else ~/.local/state/hooks/history.db).")
    String store;

    @Option(names = "--store-password-env", paramLabel = "NAME", description = "The environment variable holding the "
            + "PostgreSQL password (default: PGPASSWORD, then ~/.pgpass).")
    String passwordEnv;

    /** Whether a history was named, by --store or HOOKS_STORE. */
    boolean given(Context ctx) {
        return store != null || hooksStore(ctx) != null;
    }

    /** The history's location as given: --store, else HOOKS_STORE, else the default file. */
    String location(Context ctx) {
        if (store != null) {
            return store;
        }
        String env = hooksStore(ctx);
        return env != null ? env : DeliveryStore.defaultPath(ctx.env()).toString();
    }

    /** The SQLite file, or null when the history is a database. */
    Path path(Context ctx) {
        String l = location(ctx);
        return isDatabase(l) ? null : Path.of(l);
    }

    static boolean isDatabase(String location) {
        return DeliveryStore.isDatabase(location);
    }

    private static String hooksStore(Context ctx) {
        String env = ctx.env().get("HOOKS_STORE");
        return env == null || env.isBlank() ? null : env.strip();
    }

    /** Opens the history for reading; fails with exit 2 when it is a file that does not exist yet. */
    DeliveryStore open(Context ctx) {
        return openExisting(ctx, location(ctx), passwordEnv, given(ctx) ? "" : " (or pass --store PATH)");
    }

    /** Opens the history at {@code location} for reading: a database, or a file that must exist. */
    static DeliveryStore openExisting(Context ctx, String location, String passwordEnv, String hint) {
        if (!isDatabase(location) && !Files.isRegularFile(Path.of(location))) {
            throw HooksException.input("no history at " + location + " yet: 'hooks listen' records deliveries there"
                    + hint);
        }
        return DeliveryStore.open(location, new StoreSettings(null, passwordEnv, ctx.env()));
    }

    /** Opens (creating where needed) the history, recording {@code listener} with each delivery saved. */
    DeliveryStore open(Context ctx, String listener) {
        return DeliveryStore.open(location(ctx), new StoreSettings(listener, passwordEnv, ctx.env()));
    }
}
