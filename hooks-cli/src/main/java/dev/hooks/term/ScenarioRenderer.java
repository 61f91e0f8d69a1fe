package dev.hooks.term;

import dev.hooks.scenario.Played;
import dev.hooks.scenario.Scenario;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Scenarios and their plays as text lines, JSON objects and a JUnit XML report. */
public final class ScenarioRenderer {
    /** One line of {@code hooks scenario show}. */
    public String line(int n, Scenario.Delivery d) {
        return String.format(Locale.ROOT, "%3d  +%-9s %-18s %-28s %-38s %s %s%s  %d bytes%s", n, millis(d.atMs()),
                orDash(d.provider()), orDash(d.eventType()), orDash(d.eventId()), d.method(), orDash(d.path()),
                d.query() == null ? "" : "?" + d.query(), d.body().length, d.encrypted() ? " (encrypted)" : "");
    }

    /** One line of {@code hooks scenario play}. */
    public String line(Played p) {
        String outcome = p.status() > 0 ? HttpStatus.line(p.status())
                : p.errorKind() + " error: " + p.error();
        return String.format(Locale.ROOT, "%3d  #%-3d %-18s %-28s %-38s %s  %.1f ms%s", p.number(), p.index(),
                orDash(p.provider()), orDash(p.eventType()), orDash(p.eventId()), outcome,
                p.latency().toNanos() / 1e6, p.duplicate() ? "  (duplicate)" : "");
    }

    /** One JSON object per played delivery. */
    public static String json(Played p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", p.number());
        m.put("index", p.index());
        m.put("provider", p.provider());
        m.put("event_type", p.eventType());
        m.put("event_id", p.eventId());
        m.put("duplicate", p.duplicate());
        m.put("sent_at_ms", Math.round(p.sentAt().toNanos() / 1e4) / 100.0);
        m.put("url", p.url());
        m.put("status", p.status() > 0 ? p.status() : null);
        m.put("latency_ms", Math.round(p.latency().toNanos() / 1e4) / 100.0);
        m.put("error_kind", p.errorKind());
        m.put("error", p.error());
        return dev.hooks.scheme.Json.write(m, 0);
    }

    /** A JUnit XML report: one test case per delivery sent, failed when it got no 2xx. */
    public static String junit(String name, List<Played> results, Long seed, Instant at) {
        StringWriter sw = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            long failures = results.stream().filter(p -> !p.delivered() && p.reached()).count();
            long errors = results.stream().filter(p -> !p.delivered() && !p.reached()).count();
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "hooks scenario play " + name);
            x.writeAttribute("tests", Integer.toString(results.size()));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", Long.toString(errors));
            x.writeAttribute("timestamp", at.truncatedTo(ChronoUnit.SECONDS).toString());
            if (seed != null) {
                x.writeCharacters("\n  ");
                x.writeStartElement("properties");
                x.writeEmptyElement("property");
                x.writeAttribute("name", "seed");
                x.writeAttribute("value", Long.toString(seed));
                x.writeEndElement();
            }
            for (Played p : results) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "hooks.scenario." + (p.provider() == null ? "unknown" : p.provider()));
                x.writeAttribute("name", p.number() + " " + orDash(p.eventType()) + " " + orDash(p.eventId())
                        + (p.duplicate() ? " (duplicate)" : ""));
                x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", p.latency().toNanos() / 1e9));
                if (!p.delivered()) {
                    x.writeEmptyElement(p.reached() ? "failure" : "error");
                    x.writeAttribute("message", p.status() > 0 ? "answered " + p.status() : p.errorKind() + " error: " + p.error());
                    x.writeAttribute("type", p.reached() ? "status" : "unreachable");
                }
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    private static String millis(long ms) {
        return ms < 1000 ? ms + "ms" : String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
