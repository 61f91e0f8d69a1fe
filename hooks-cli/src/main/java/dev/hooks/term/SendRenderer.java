package dev.hooks.term;

import dev.hooks.scheme.Durations;
import dev.hooks.scheme.Json;
import dev.hooks.send.Exchange;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.send.SendEvent;
import dev.hooks.send.Summary;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Renders what the sender reports: as text for people (one line per attempt, the request and answer in full with
 * {@code verbose}, a summary for load runs) or as JSON lines for scripts (one object per attempt, token request,
 * subscription change and, for load runs, the summary). Thread-safe: workers call it concurrently.
 */
public final class SendRenderer implements Consumer<SendEvent> {
    /** How much of a response body the attempt line and JSON carry. */
    public static final int EXCERPT = 200;
    private static final int VERBOSE_BODY = 64 * 1024;

    private final PrintWriter out;
    private final boolean json;
    private final boolean verbose;
    private final boolean load;
    private final boolean attemptLines;
    private ProgressBar bar;

    /**
     * @param load a run of many deliveries: text prints attempt lines only when {@code attemptLines}, then a summary
     * @param attemptLines in a load run, print every attempt (retries and verbose runs)
     */
    public SendRenderer(PrintWriter out, boolean json, boolean verbose, boolean load, boolean attemptLines) {
        this.out = out;
        this.json = json;
        this.verbose = verbose;
        this.load = load;
        this.attemptLines = !load || attemptLines || verbose;
    }

    /** Lines are printed above this bar while it is shown. */
    public synchronized void bar(ProgressBar bar) {
        this.bar = bar;
    }

    @Override
    public void accept(SendEvent event) {
        if (!json && !attemptLines && event instanceof SendEvent.Attempt) {
            return; // a load run's attempts in text: only the summary shows them, and the workers need no lock for it
        }
        synchronized (this) {
            print(event);
        }
    }

    private void print(SendEvent event) {
        if (json) {
            line(Json.write(toJson(event), 0));
            return;
        }
        if (event instanceof SendEvent.Attempt a) {
            if (attemptLines) {
                attemptText(a);
            }
        } else if (event instanceof SendEvent.TokenFetched t) {
            line(t.error() == null
                    ? "oauth: got a token from " + t.tokenUrl() + " (" + ms(t.latencyMillis())
                            + (t.expiresIn() == null ? "" : ", expires in " + Durations.format(t.expiresIn())) + ")"
                    : "oauth: no token from " + t.tokenUrl() + ": " + t.error());
        } else if (event instanceof SendEvent.SubscriptionFailed s) {
            line("subscription " + s.provider() + ": failed after "
                    + s.consecutiveFailures() + " consecutive failed deliveries (limit " + s.failureLimit()
                    + "); the provider sends nothing more until it is re-enabled"
                    + (s.deliveriesNotSent() > 0 ? " (" + s.deliveriesNotSent() + " deliveries not sent)" : ""));
        }
    }

    private void attemptText(SendEvent.Attempt a) {
        Exchange x = a.exchange();
        String prefix = load ? "#" + a.delivery() + " " : "";
        if (a.attempt() == 1 && !load) {
            line(a.provider() + (a.eventType() == null ? "" : " " + a.eventType()) + " → " + x.request().method() + " "
                    + x.request().uri() + (a.eventId() == null ? "" : "  (event " + a.eventId() + ")"));
        }
        if (verbose) {
            requestText(x.request());
        }
        StringBuilder sb = new StringBuilder(prefix).append("attempt ").append(a.attempt());
        if (a.maxAttempts() > 1) {
            sb.append('/').append(a.maxAttempts());
        }
        sb.append(": ");
        if (x.answered()) {
            sb.append(HttpStatus.line(x.status())).append(" in ").append(ms(x.latencyMillis()));
            String location = x.responseHeader("Location");
            if (x.status() / 100 == 3 && location != null) {
                sb.append(", redirect to ").append(location).append(" not followed");
            }
            String excerpt = excerpt(x.responseText(), verbose ? 0 : 120);
            if (!verbose && !excerpt.isEmpty()) {
                sb.append("  ").append(quote(excerpt));
            }
            if (x.truncated()) {
                sb.append(" (answer body cut: only its first ").append(sizeText(x.responseBody().length)).append(" read)");
            }
        } else {
            sb.append(x.failure().kind().label()).append(" error: ").append(x.failure().message());
        }
        switch (a.outcome()) {
            case RETRYING -> sb.append("; next attempt in ").append(delay(a.nextDelay()))
                    .append(a.nextDelay().equals(a.scheduledDelay()) ? ""
                            : " (" + Durations.format(a.scheduledDelay()) + " on the provider's schedule)");
            case STOPPED -> sb.append("; ").append(x.status()).append(" stops retries");
            default -> { }
        }
        if (verbose && x.answered()) {
            responseText(x);
        }
        line(sb.toString());
        if (!load && a.last()) {
            line(switch (a.outcome()) {
                case DELIVERED -> "delivered" + (a.attempt() > 1 ? " on attempt " + a.attempt() : "");
                case STOPPED -> "gave up: the receiver answered " + HttpStatus.line(x.status()) + " on attempt " + a.attempt();
                default -> a.maxAttempts() > 1 ? "gave up after " + a.attempt() + " attempts" : "not delivered";
            });
        }
    }

    private void requestText(OutgoingRequest r) {
        String path = r.uri().getRawPath() == null || r.uri().getRawPath().isEmpty() ? "/" : r.uri().getRawPath();
        if (r.uri().getRawQuery() != null) {
            path += "?" + r.uri().getRawQuery();
        }
        line("> " + r.method() + " " + path + " HTTP/1.1");
        line("> Host: " + r.uri().getAuthority());
        for (OutgoingRequest.Header h : r.headers()) {
            line("> " + h.name() + ": " + h.value());
        }
        line("> Content-Length: " + r.body().length);
        line(">");
        if (r.body().length > 0) {
            line(body(r.body()));
        }
    }

    private void responseText(Exchange x) {
        line("< " + HttpStatus.line(x.status()));
        for (OutgoingRequest.Header h : x.responseHeaders()) {
            line("< " + h.name() + ": " + h.value());
        }
        line("<");
        if (x.responseBody().length > 0) {
            line(body(x.responseBody()));
        }
    }

    /** A size in bytes as people read it: {@code 1 MiB}, {@code 64 KiB}, {@code 1000 bytes}. */
    private static String sizeText(int bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB"
                : bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    private static String body(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, VERBOSE_BODY), StandardCharsets.UTF_8);
        text = text.replace("\r\n", "\n");
        if (bytes.length > VERBOSE_BODY) {
            text += "\n… (" + bytes.length + " bytes in all)";
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** Prints the figures of a load run. */
    public synchronized void summary(Summary s, int concurrency) {
        if (bar != null) {
            bar.clear();
        }
        if (json) {
            line(Json.write(summaryJson(s, concurrency), 0));
            return;
        }
        long failed = s.failedAnswered() + s.failedNetwork();
        line(String.format(Locale.ROOT, "sent %d deliveries in %d attempts over %.2f s, concurrency %d: %.1f req/s",
                s.deliveries(), s.attempts(), s.seconds(), concurrency, s.requestsPerSecond()));
        line("delivered " + s.delivered() + ", failed " + failed
                + (s.failedNetwork() > 0 ? " (" + s.failedNetwork() + " never reached the receiver)" : ""));
        if (s.latenciesNanos().length > 0) {
            line("latency   p50 " + ms(s.latencyMillis(0.50)) + "  p90 " + ms(s.latencyMillis(0.90)) + "  p99 "
                    + ms(s.latencyMillis(0.99)) + "  max " + ms(s.maxMillis()));
        }
        if (!s.statuses().isEmpty()) {
            StringBuilder sb = new StringBuilder("statuses ");
            s.statuses().forEach((k, v) -> sb.append(' ').append(k).append(" ×").append(v));
            line(sb.toString());
        }
        if (!s.errors().isEmpty()) {
            StringBuilder sb = new StringBuilder("errors   ");
            s.errors().forEach((k, v) -> sb.append(' ').append(k).append(" ×").append(v));
            line(sb.toString());
        }
    }

    private void line(String text) {
        if (bar != null) {
            bar.println(out, text);
        } else {
            out.println(text);
        }
    }

    // ---- JSON ----

    /** The JSON object for one event; field names are part of the CLI contract. */
    public Map<String, Object> toJson(SendEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (event instanceof SendEvent.Attempt a) {
                Exchange x = a.exchange();
                m.put("type", "attempt");
                m.put("delivery", a.delivery());
                m.put("attempt", a.attempt());
                m.put("max_attempts", a.maxAttempts());
                m.put("provider", a.provider());
                m.put("event_type", a.eventType());
                m.put("event_id", a.eventId());
                m.put("delivery_id", a.deliveryId());
                m.put("method", x.request().method());
                m.put("url", x.request().uri().toString());
                m.put("sent_at", x.sentAt().toString());
                m.put("status", x.answered() ? x.status() : null);
                m.put("latency_ms", round3(x.latencyMillis()));
                m.put("outcome", a.outcome().label());
                m.put("next_attempt_in_ms", a.nextDelay() == null ? null : a.nextDelay().toMillis());
                m.put("error_kind", x.answered() ? null : x.failure().kind().label());
                m.put("error", x.answered() ? null : x.failure().message());
                m.put("response_body", x.answered() ? excerpt(x.responseText(), verbose ? VERBOSE_BODY : EXCERPT) : null);
                if (x.truncated()) {
                    m.put("truncated", true);
                }
                if (verbose) {
                    m.put("request_headers", headers(x.request()));
                    m.put("request_body", x.request().bodyText());
                    Map<String, Object> rh = new LinkedHashMap<>();
                    x.responseHeaders().forEach(h -> rh.merge(h.name(), h.value(), (p, q) -> p + ", " + q));
                    m.put("response_headers", rh);
                }
        } else if (event instanceof SendEvent.TokenFetched t) {
                m.put("type", "token");
                m.put("token_url", t.tokenUrl());
                m.put("status", t.status() == 0 ? null : t.status());
                m.put("latency_ms", round3(t.latencyMillis()));
                m.put("expires_in_s", t.expiresIn() == null ? null : t.expiresIn().toSeconds());
                m.put("error", t.error());
        } else if (event instanceof SendEvent.SubscriptionFailed s) {
                m.put("type", "subscription");
                m.put("provider", s.provider());
                m.put("state", "failed");
                m.put("consecutive_failures", s.consecutiveFailures());
                m.put("failure_limit", s.failureLimit());
                m.put("not_sent", s.deliveriesNotSent());
        }
        return m;
    }

    private static Map<String, Object> headers(OutgoingRequest r) {
        Map<String, Object> h = new LinkedHashMap<>();
        r.headers().forEach(x -> h.put(x.name(), x.value()));
        return h;
    }

    private static Map<String, Object> summaryJson(Summary s, int concurrency) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "summary");
        m.put("deliveries", s.deliveries());
        m.put("delivered", s.delivered());
        m.put("failed", s.failedAnswered() + s.failedNetwork());
        m.put("unreachable", s.failedNetwork());
        m.put("attempts", s.attempts());
        m.put("concurrency", concurrency);
        m.put("seconds", round3(s.seconds()));
        m.put("requests_per_second", round3(s.requestsPerSecond()));
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("p50", round3(s.latencyMillis(0.5)));
        lat.put("p90", round3(s.latencyMillis(0.9)));
        lat.put("p99", round3(s.latencyMillis(0.99)));
        lat.put("max", round3(s.maxMillis()));
        m.put("latency_ms", lat);
        Map<String, Object> st = new LinkedHashMap<>();
        s.statuses().forEach((k, v) -> st.put(Integer.toString(k), v));
        m.put("statuses", st);
        m.put("errors", new LinkedHashMap<>(s.errors()));
        m.put("subscription_failed", s.subscriptionFailed());
        return m;
    }

    private static java.math.BigDecimal round3(double d) {
        return java.math.BigDecimal.valueOf(d).setScale(3, java.math.RoundingMode.HALF_UP);
    }

    static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis)
                : millis >= 10 ? String.format(Locale.ROOT, "%.1f ms", millis)
                : String.format(Locale.ROOT, "%.2f ms", millis);
    }

    /** A wait as people read it: 60ms, 1.8s, 2m, 1h30m. */
    static String delay(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 == 0) {
            return Durations.format(Duration.ofMillis(ms));
        }
        return ms < 60_000 ? String.format(Locale.ROOT, "%.1fs", ms / 1000.0) : Durations.format(Duration.ofSeconds(ms / 1000));
    }

    /** The start of a body on one line; 0 = no limit. */
    static String excerpt(String text, int max) {
        String t = text.strip();
        if (max > 0 && t.length() > max) {
            t = t.substring(0, max) + "…";
        }
        return t;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        Json.quote(sb, s);
        return sb.toString();
    }
}
