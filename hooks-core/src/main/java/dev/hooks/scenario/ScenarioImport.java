package dev.hooks.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.HooksException;
import dev.hooks.samples.JsonBody;
import dev.hooks.scheme.DeliveryIds;
import dev.hooks.scheme.Profile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Captures made elsewhere turned into scenarios:
 * <ul>
 *   <li>{@code jsonl}: the lines of {@code hooks events export} and {@code hooks listen --format json --verbose} (each
 *       with its headers and body; a decrypted delivery's plaintext is kept, marked encrypted);</li>
 *   <li>{@code stripe}: Stripe event objects as the API and {@code stripe events} print them: one event, an array, or
 *       a list object ({@code {"object": "list", "data": [...]}}), played oldest first by {@code created}. The API
 *       lists newest first: a list object, and an array whose {@code created} never rises and falls at least once,
 *       are read backwards first, so events of the same second keep the order they happened in; any other array
 *       keeps its order for them;</li>
 *   <li>{@code har}: the POST (and PUT, PATCH) requests of a HAR 1.2 file from a browser, ngrok or mitmproxy, each
 *       provider recognised from its headers as {@code listen --provider auto} does.</li>
 * </ul>
 * Headers are filtered by {@link ScenarioHeaders} like a recording's, so an import holds no secret either.
 */
public final class ScenarioImport {
    /** The formats {@link #read} takes. */
    public enum From { jsonl, stripe, har }

    private ScenarioImport() {}

    /**
     * @param profiles every provider known (for recognising HAR requests and reading event types and ids)
     * @param source   names the input in errors
     * @throws HooksException (input) naming the line or entry that is not what the format promises
     */
    public static Scenario read(From from, byte[] input, List<Profile> profiles, String source) {
        return read(from, input, profiles, source, warning -> { });
    }

    /**
     * {@link #read}, telling {@code warnings} what the input leaves out: a Stripe list page that says more events
     * come after it ({@code "has_more": true}).
     */
    public static Scenario read(From from, byte[] input, List<Profile> profiles, String source,
                                java.util.function.Consumer<String> warnings) {
        return switch (from) {
            case jsonl -> jsonl(input, profiles, source);
            case stripe -> stripe(input, source, warnings);
            case har -> har(input, profiles, source);
        };
    }

    private record Timed(Instant at, Scenario.Delivery delivery) {}

    private static Scenario timed(List<Timed> all, boolean sort) {
        List<Timed> list = new ArrayList<>(all);
        if (sort) {
            list.sort(Comparator.comparing(Timed::at));
        }
        List<Scenario.Delivery> out = new ArrayList<>();
        Instant first = list.isEmpty() ? null : list.get(0).at();
        for (Timed t : list) {
            out.add(t.delivery().at(Math.max(0, t.at().toEpochMilli() - first.toEpochMilli())));
        }
        return new Scenario(out);
    }

    private static Scenario jsonl(byte[] input, List<Profile> profiles, String source) {
        List<Timed> out = new ArrayList<>();
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = source + ": line " + (i + 1);
            JsonNode n = JsonBody.parse(lines[i].getBytes(StandardCharsets.UTF_8), where);
            String type = text(n, "type");
            if (type != null && !type.equals("delivery") || !"delivery".equals(text(n, "kind"))) {
                continue; // the ready line, tunnel events, handshakes, token requests, replays
            }
            if (!n.has("headers") || !n.has("body") && !n.has("body_base64")) {
                throw HooksException.input(where + " has no headers and body: import the lines of 'hooks events export' "
                        + "or 'hooks listen --format json --verbose'");
            }
            String provider = text(n, "provider");
            boolean encrypted = n.has("plaintext") || n.has("plaintext_base64");
            byte[] body = encrypted ? bytes(n, "plaintext", where) : bytes(n, "body", where);
            List<Scenario.Header> headers = new ArrayList<>();
            for (JsonNode pair : n.get("headers")) {
                if (pair.isArray() && pair.size() == 2) {
                    headers.add(new Scenario.Header(pair.get(0).asText(), pair.get(1).asText()));
                }
            }
            Profile profile = find(profiles, provider);
            out.add(new Timed(instant(text(n, "received_at"), where), new Scenario.Delivery(0, provider,
                    text(n, "event_type"), text(n, "event_id"), text(n, "method"), text(n, "path"), text(n, "query"),
                    ScenarioHeaders.kept(profile, headers), body, encrypted)));
        }
        return timed(out, false);
    }

    private static Scenario stripe(byte[] input, String source, java.util.function.Consumer<String> warnings) {
        JsonNode root = JsonBody.parse(input, source);
        boolean list = "list".equals(text(root, "object")) && root.path("data").isArray();
        List<JsonNode> events = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(events::add);
        } else if (list) {
            root.get("data").forEach(events::add);
        } else {
            events.add(root);
        }
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (!"event".equals(text(e, "object")) || text(e, "id") == null || text(e, "type") == null
                    || !e.path("created").canConvertToLong()) {
                throw HooksException.input(source + ": item " + (i + 1) + " is not a Stripe event object (\"object\": "
                        + "\"event\" with an id, a type and created)");
            }
        }
        if (list && root.path("has_more").asBoolean(false) && !events.isEmpty()) {
            // The page's last event is its oldest: the API's next page, older events, starts after it.
            warnings.accept(source + " is one page of a longer list (\"has_more\": true): the events before "
                    + text(events.get(events.size() - 1), "id") + " are not in the scenario; fetch them with "
                    + "starting_after=" + text(events.get(events.size() - 1), "id") + " and import them as well");
        }
        // The API lists events newest first, and so does an array cut from its list: read them in the order they
        // happened, so that events of the same second stay in that order when sorted by created.
        if (list || newestFirst(events)) {
            Collections.reverse(events);
        }
        List<Timed> out = new ArrayList<>();
        for (JsonNode e : events) {
            byte[] body = root.isArray() || list ? JsonBody.toBytes(e, JsonBody.Style.PRETTY) : input;
            out.add(new Timed(Instant.ofEpochSecond(e.get("created").asLong()), new Scenario.Delivery(0, "stripe",
                    text(e, "type"), text(e, "id"), "POST", "/", null, List.of(), body, false)));
        }
        return timed(out, true);
    }

    /** Whether {@code created} never grows along the events and falls at least once. */
    private static boolean newestFirst(List<JsonNode> events) {
        boolean falls = false;
        for (int i = 1; i < events.size(); i++) {
            long before = events.get(i - 1).get("created").asLong();
            long now = events.get(i).get("created").asLong();
            if (now > before) {
                return false;
            }
            falls |= now < before;
        }
        return falls;
    }

    private static Scenario har(byte[] input, List<Profile> profiles, String source) {
        JsonNode entries = JsonBody.parse(input, source).path("log").path("entries");
        if (!entries.isArray()) {
            throw HooksException.input(source + ": not a HAR file (no log.entries)");
        }
        List<Timed> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : entries) {
            i++;
            String where = source + ": entry " + i;
            JsonNode request = e.path("request");
            String method = text(request, "method");
            if (method == null || !List.of("POST", "PUT", "PATCH").contains(method.toUpperCase(Locale.ROOT))) {
                continue;
            }
            JsonNode post = request.path("postData");
            byte[] body;
            String text = text(post, "text");
            if (text == null) {
                body = new byte[0];
            } else if ("base64".equalsIgnoreCase(text(post, "encoding"))) {
                try {
                    body = Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException x) {
                    throw HooksException.input(where + ": postData.text is not base64");
                }
            } else {
                body = text.getBytes(StandardCharsets.UTF_8);
            }
            List<Scenario.Header> headers = new ArrayList<>();
            for (JsonNode h : request.path("headers")) {
                if (text(h, "name") != null && text(h, "value") != null) {
                    headers.add(new Scenario.Header(text(h, "name"), text(h, "value")));
                }
            }
            URI url;
            try {
                url = URI.create(text(request, "url") == null ? "/" : text(request, "url"));
            } catch (IllegalArgumentException x) {
                throw HooksException.input(where + ": request.url is not a URL");
            }
            Profile profile = recognise(profiles, headers);
            String eventType = null;
            String eventId = null;
            if (profile != null && profile.envelope() != null) {
                Profile.EnvelopeSpec env = profile.envelope();
                eventType = env.eventTypeHeader() != null ? header(headers, env.eventTypeHeader()) : null;
                eventType = eventType != null ? eventType : field(body, env.eventType());
                eventId = field(body, env.eventId());
            }
            if (eventId == null && profile != null && profile.id() != null && profile.id().header() != null) {
                eventId = header(headers, profile.id().header());
            }
            out.add(new Timed(instant(text(e, "startedDateTime"), where), new Scenario.Delivery(0,
                    profile == null ? null : profile.name(), eventType, eventId, method.toUpperCase(Locale.ROOT),
                    url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath(), url.getRawQuery(),
                    ScenarioHeaders.kept(profile, headers), body, false)));
        }
        return timed(out, true);
    }

    /** The first profile whose detecting headers the request carries, or null. */
    private static Profile recognise(List<Profile> profiles, List<Scenario.Header> headers) {
        for (Profile p : profiles) {
            for (String h : p.detect() == null ? List.<String>of() : p.detect()) {
                if (header(headers, h) != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static Profile find(List<Profile> profiles, String name) {
        for (Profile p : profiles) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static String header(List<Scenario.Header> headers, String name) {
        for (Scenario.Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    private static String field(byte[] body, String path) {
        return path == null || path.isEmpty() ? null : DeliveryIds.field(body, path);
    }

    private static byte[] bytes(JsonNode n, String name, String where) {
        if (n.hasNonNull(name + "_base64")) {
            try {
                return Base64.getDecoder().decode(n.get(name + "_base64").asText());
            } catch (IllegalArgumentException e) {
                throw HooksException.input(where + ": " + name + "_base64 is not base64");
            }
        }
        JsonNode t = n.get(name);
        return t == null || t.isNull() ? new byte[0] : t.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static Instant instant(String text, String where) {
        if (text == null) {
            throw HooksException.input(where + " has no time (received_at / startedDateTime)");
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw HooksException.input(where + ": '" + text + "' is not an ISO-8601 time");
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
