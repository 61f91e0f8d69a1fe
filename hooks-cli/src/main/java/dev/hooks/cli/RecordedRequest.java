package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.StoredDelivery;
import java.io.PrintWriter;
import java.util.List;

/** The recorded request an ID argument names: a delivery id (or part of it), a seq number, or the provider's event id. */
final class RecordedRequest {
    /** Characters of a delivery id that {@code events list} shows: its random end, which names it as well. */
    static final int SHORT_ID = 8;

    private RecordedRequest() {}

    /** The request {@code key} names; when it is an event id received more than once, the newest, said on {@code err}. */
    static StoredDelivery find(DeliveryStore history, String key, PrintWriter err) {
        return history.find(key).orElseGet(() -> {
            List<StoredDelivery> byEvent = history.findByEventId(key.strip(), 2);
            if (byEvent.isEmpty()) {
                throw HooksException.input("no recorded request '" + key + "' in " + history.file()
                        + ": give a delivery id (the ID column of 'hooks events list'), a seq number or an event id");
            }
            if (byEvent.size() > 1) {
                err.println("hooks: event " + key + " was received more than once: the newest, " + byEvent.get(0).id());
            }
            return byEvent.get(0);
        });
    }

    /** The end of a delivery id that {@code events list} shows and {@link #find} takes. */
    static String shortId(StoredDelivery d) {
        String id = d.id();
        return id.length() <= SHORT_ID ? id : id.substring(id.length() - SHORT_ID);
    }
}
