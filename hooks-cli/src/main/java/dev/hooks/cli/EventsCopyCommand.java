package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoreSettings;
import dev.hooks.store.StoredDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "copy",
        description = {"Copy a history into another: an SQLite file into a PostgreSQL database (a laptop's deliveries "
                + "into the team's) or back. Every recorded request keeps its id, its bytes and its duplicate flag, and "
                + "the copies are added in the order they were received. A request whose id is already in the "
                + "destination is left as it is there, so copying again adds only what is new."},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks events copy --from history.db --to postgresql://hooks@db.internal/hooks",
                "  hooks events copy --from postgresql://hooks@db.internal/hooks --to team.db"})
final class EventsCopyCommand extends BaseCommand {
    /** How many rows are read, and queued to the destination's writer, at a time. */
    static final int PAGE = 500;

    @Option(names = "--from", required = true, paramLabel = "PATH|URL",
            description = "The history to copy: an SQLite file or a postgresql:// URL.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "PATH|URL",
            description = "The history to copy into, created when missing: an SQLite file or a postgresql:// URL.")
    String to;

    @Option(names = "--from-password-env", paramLabel = "NAME",
            description = "The environment variable holding --from's PostgreSQL password (default: PGPASSWORD, then "
                    + "~/.pgpass).")
    String fromPasswordEnv;

    @Option(names = "--to-password-env", paramLabel = "NAME",
            description = "The environment variable holding --to's PostgreSQL password (default: PGPASSWORD, then "
                    + "~/.pgpass).")
    String toPasswordEnv;

    @Override
    public Integer call() {
        long copied = 0;
        long present = 0;
        String source;
        String destination;
        try (DeliveryStore src = StoreOption.openExisting(ctx(), from, fromPasswordEnv, "");
             DeliveryStore dst = DeliveryStore.open(to, new StoreSettings(null, toPasswordEnv, ctx().env()))) {
            source = src.location();
            destination = dst.location();
            if (source.equals(destination)) {
                throw HooksException.input("--from and --to are the same history (" + source + "): pass another --to");
            }
            Long after = null;
            while (true) {
                List<StoredDelivery> page = src.list(Query.all().withOldestFirst(true).withAfterSeq(after).withLimit(PAGE));
                List<CompletableFuture<StoredDelivery>> saving = new ArrayList<>(page.size());
                for (StoredDelivery d : page) {
                    after = d.seq();
                    Optional<StoredDelivery> there = dst.find(d.id()).filter(e -> e.id().equals(d.id()));
                    if (there.isPresent()) {
                        present++;
                    } else {
                        saving.add(dst.append(d));
                    }
                }
                for (CompletableFuture<StoredDelivery> f : saving) {
                    try {
                        f.join();
                    } catch (CompletionException e) {
                        throw e.getCause() instanceof HooksException h ? h : e;
                    }
                    copied++;
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        err().println("hooks: copied " + copied + " recorded request" + (copied == 1 ? "" : "s") + " from " + source
                + " to " + destination + (present > 0 ? "; " + present + " already there, left as they were" : ""));
        err().flush();
        return 0;
    }
}
