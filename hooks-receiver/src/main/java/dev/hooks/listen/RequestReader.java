package dev.hooks.listen;

import dev.hooks.scheme.Durations;
import dev.hooks.store.StoredDelivery.Header;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Reads what a request carries: its body within {@code --max-body} and {@code --idle-timeout} (413, 408 or 400 when
 * it is too large, stalled or cut short), its headers in the order the servlet API lists them, its query.
 */
final class RequestReader {
    private final ListenerSettings s;

    RequestReader(ListenerSettings s) {
        this.s = s;
    }

    /** Reads the body within the limits; false (with the answer set) when it is too large, cut short or stalled. */
    boolean readBody(Wire w, Exchange x) {
        long declared = w.contentLength();
        if (declared > s.maxBody()) {
            x.closeConnection = true;
            x.answer(413, "body of " + declared + " bytes exceeds --max-body " + s.maxBody());
            return false;
        }
        Wire.Body b = w.readBody(s.maxBody());
        x.body = b.bytes();
        if (b.tooLarge()) {
            x.closeConnection = true;
            x.answer(413, "body exceeds --max-body " + s.maxBody() + " (kept the first " + s.maxBody() + " bytes)");
            return false;
        }
        String got = "got " + x.body.length + (declared >= 0 ? " of " + declared : "") + " bytes";
        if (b.failure() != null) {
            x.closeConnection = true;
            if (isTimeout(b.failure())) {
                x.answer(408, "body not received within " + Durations.format(s.idleTimeout())
                        + " (" + got + ")");
            } else {
                x.answer(400, "body cut short: " + got + " (" + Exchange.firstLine(String.valueOf(b.failure().getMessage())) + ")");
            }
            return false;
        }
        if (declared >= 0 && x.body.length < declared) {
            x.closeConnection = true;
            x.answer(400, "body cut short: " + got);
            return false;
        }
        return true;
    }

    /** Consumes a small body of a request we refuse anyway, so that the connection can be reused. */
    void drainSmallBody(Wire w, Exchange x) {
        long declared = w.contentLength();
        if (declared > 0 && declared <= 64 * 1024) {
            Wire.Body b = w.readBody(declared);
            x.body = b.bytes();
            if (b.failure() != null || x.body.length < declared) {
                x.closeConnection = true;
            }
        } else if (declared != 0) {
            x.closeConnection = true;
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request's headers as the servlet API lists them (by name in order of first appearance, each name with all
     * its values), read straight from Jetty's fields: when no name repeats, which is nearly always, that is simply
     * the order received.
     */
    static List<Header> headers(HttpFields fields) {
        List<Header> out = new ArrayList<>(fields.size());
        for (HttpField f : fields) {
            String name = f.getName();
            for (Header h : out) {
                if (h.name().length() == name.length() && h.name().equalsIgnoreCase(name)) {
                    return grouped(fields);
                }
            }
            out.add(new Header(name, HeaderText.of(f.getValue())));
        }
        return out;
    }

    /** Each name (as first seen) followed by all its values, names in order of first appearance. */
    private static List<Header> grouped(HttpFields fields) {
        Map<String, List<Header>> byName = new LinkedHashMap<>();
        for (HttpField f : fields) {
            List<Header> same = byName.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            same.add(new Header(same.isEmpty() ? f.getName() : same.get(0).name(), HeaderText.of(f.getValue())));
        }
        List<Header> out = new ArrayList<>(fields.size());
        byName.values().forEach(out::addAll);
        return out;
    }

    static Map<String, String> parseQuery(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = TokenIssuer.decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : TokenIssuer.decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    static List<Header> headersOf(HttpFields fields) {
        if (fields == null) {
            return List.of();
        }
        List<Header> out = new ArrayList<>();
        for (HttpField f : fields) {
            if (f.getName() != null) {
                out.add(new Header(f.getName(), f.getValue() == null ? "" : Exchange.abbreviate(HeaderText.of(f.getValue()), 1024)));
            }
        }
        return Collections.unmodifiableList(out);
    }

    static String decodeQuery(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
