package dev.hooks.term;

import dev.hooks.check.CheckReport;
import dev.hooks.check.CheckResult;
import dev.hooks.check.NotApplicable;
import dev.hooks.scheme.Durations;
import dev.hooks.scheme.Json;
import dev.hooks.send.Exchange;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders what the receiver checker found: a line per check and a summary for people, one JSON object per check for
 * scripts, or a JUnit XML report (one test case per check; checks the profile rules out are skipped test cases) for
 * CI dashboards.
 */
public final class CheckRenderer {
    private static final int NAME_WIDTH = 19;

    private final Ansi ansi;

    public CheckRenderer(Ansi ansi) {
        this.ansi = ansi;
    }

    /** The heading printed before the first check. */
    public String heading(String provider, String url, java.time.Duration timeout) {
        return ansi.bold("hooks check " + provider) + " → " + url + " (the provider's timeout: "
                + Durations.format(timeout) + ")";
    }

    /** One check as a line: outcome, id, reason. */
    public String line(CheckResult r) {
        String label = switch (r.outcome()) {
            case PASS -> ansi.green("pass");
            case FAIL -> ansi.red("FAIL");
            case WARN -> ansi.yellow("warn");
        };
        String id = r.check().id();
        return "  " + label + "  " + id + " ".repeat(Math.max(1, NAME_WIDTH - id.length())) + r.reason();
    }

    /** A check's requests, one indented line each: what it was, what was expected, what came back. */
    public List<String> requestLines(CheckResult r) {
        List<String> out = new ArrayList<>();
        for (String line : requests(r).split("\n")) {
            if (!line.isEmpty()) {
                out.add("        " + ansi.dim(line));
            }
        }
        return out;
    }

    /** The lines after the checks: what did not apply, and the counts. */
    public List<String> summary(CheckReport report) {
        List<String> out = new ArrayList<>();
        for (NotApplicable n : report.notApplicable()) {
            String id = n.check().id();
            out.add("  " + ansi.dim("n/a ") + "  " + id + " ".repeat(Math.max(1, NAME_WIDTH - id.length()))
                    + ansi.dim(n.why()));
        }
        long failed = report.count(CheckResult.Outcome.FAIL);
        long warned = report.count(CheckResult.Outcome.WARN);
        long passed = report.count(CheckResult.Outcome.PASS);
        String counts = report.results().size() + " checks: " + passed + " passed, " + failed + " failed, " + warned
                + (warned == 1 ? " warning" : " warnings") + " (" + seconds(report.elapsedNanos()) + ")";
        out.add(failed > 0 ? ansi.red(counts) : warned > 0 ? ansi.yellow(counts) : ansi.green(counts));
        return out;
    }

    /** One check as one compact JSON object: {@code check, outcome, reason, requests} (and latency figures). */
    public static String json(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", r.check().id());
        m.put("outcome", r.outcome().label());
        m.put("reason", r.reason());
        List<Object> requests = new ArrayList<>();
        for (CheckResult.Probe p : r.requests()) {
            Exchange x = p.exchange();
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("name", p.name());
            q.put("method", x.request().method());
            q.put("url", x.request().uri().toString());
            q.put("expected", p.expect());
            q.put("status", x.answered() ? x.status() : null);
            q.put("latency_ms", x.answered() ? millis(x.latencyNanos()) : null);
            q.put("error", x.answered() ? null : x.failure().kind().label() + ": " + x.failure().message());
            requests.add(q);
        }
        m.put("requests", requests);
        CheckResult.Latency l = r.latency();
        if (l != null) {
            m.put("p50_ms", l.p50Nanos() < 0 ? null : millis(l.p50Nanos()));
            m.put("max_ms", l.maxNanos() < 0 ? null : millis(l.maxNanos()));
            m.put("timeout_ms", l.timeout().toMillis());
            m.put("timed_out", l.timedOut());
        }
        return Json.write(m, 0);
    }

    /** The whole report as JUnit XML: one test suite, one test case per check. */
    public static String junit(CheckReport report, Instant at) {
        StringWriter sw = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            long failures = report.count(CheckResult.Outcome.FAIL);
            int tests = report.results().size() + report.notApplicable().size() + (report.reached() ? 0 : 1);
            String suite = "hooks check " + report.provider();
            String time = seconds(report.elapsedNanos()).replace(" s", "");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "hooks check");
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", report.reached() ? "0" : "1");
            x.writeAttribute("time", time);
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", suite);
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", report.reached() ? "0" : "1");
            x.writeAttribute("skipped", Integer.toString(report.notApplicable().size()));
            x.writeAttribute("time", time);
            x.writeAttribute("timestamp", at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            x.writeCharacters("\n    ");
            x.writeStartElement("properties");
            property(x, "provider", report.provider());
            property(x, "url", report.url().toString());
            property(x, "timeout", Durations.format(report.timeout()));
            x.writeCharacters("\n    ");
            x.writeEndElement();
            String classname = "hooks.check." + report.provider();
            if (!report.reached()) {
                testcase(x, classname, "reachable", 0);
                x.writeStartElement("error");
                x.writeAttribute("message", "could not reach " + report.url() + ": " + report.unreachable());
                x.writeAttribute("type", "unreachable");
                x.writeEndElement();
                x.writeCharacters("\n    ");
                x.writeEndElement();
            }
            for (CheckResult r : report.results()) {
                testcase(x, classname, r.check().id(), r.elapsedNanos());
                if (r.outcome() == CheckResult.Outcome.FAIL) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", r.reason());
                    x.writeAttribute("type", r.check().id());
                    x.writeCharacters(requests(r));
                    x.writeEndElement();
                    x.writeCharacters("\n      ");
                }
                x.writeStartElement("system-out");
                x.writeCharacters(r.outcome().label() + ": " + r.reason() + "\n" + requests(r));
                x.writeEndElement();
                x.writeCharacters("\n    ");
                x.writeEndElement();
            }
            for (NotApplicable n : report.notApplicable()) {
                testcase(x, classname, n.check().id(), 0);
                x.writeStartElement("skipped");
                x.writeAttribute("message", n.why());
                x.writeEndElement();
                x.writeCharacters("\n    ");
                x.writeEndElement();
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return sw + "\n";
    }

    private static void testcase(XMLStreamWriter x, String classname, String name, long nanos) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", classname);
        x.writeAttribute("name", name);
        x.writeAttribute("time", seconds(nanos).replace(" s", ""));
        x.writeCharacters("\n      ");
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }

    /** Each request of a check on a line: what it was, what was expected, what came back. */
    private static String requests(CheckResult r) {
        StringBuilder sb = new StringBuilder();
        for (CheckResult.Probe p : r.requests()) {
            Exchange x = p.exchange();
            sb.append(x.request().method()).append(' ').append(x.request().uri()).append(" (").append(p.name())
                    .append("): expected ").append(p.expect()).append(", got ").append(p.answer());
            if (x.answered()) {
                sb.append(" in ").append(millis(x.latencyNanos())).append(" ms");
            } else {
                sb.append(": ").append(x.failure().message());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static BigDecimal millis(long nanos) {
        return BigDecimal.valueOf(nanos / 1e6).setScale(3, RoundingMode.HALF_UP);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
