package dev.hooks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import dev.hooks.samples.JsonBody;
import dev.hooks.send.Exchange;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OutgoingRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trigger",
        description = {"Make one event in a running 'hooks emulate' and fan it out to every subscription, applying "
                + "filters, pause, the lifecycle and the retry schedule; print one line per subscription reached: "
                + "delivered, failed, retrying, abandoned, filtered, paused, pending_verification or disabled.",
                "Exit 0 when nothing failed, 1 when a delivery failed, is still retrying or was abandoned, 2 when the emulator "
                        + "refused the event, 3 when it could not be reached."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks trigger employee.updated --emulator http://127.0.0.1:4000",
            "  hooks trigger payroll.updated --emulator http://127.0.0.1:4000 \\",
            "      --set data.status=CLOSED",
            "  hooks trigger Employee.Add --emulator http://127.0.0.1:4000 \\",
            "      --provider paycor --format json"})
final class TriggerCommand extends BaseCommand {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "EVENT", completionCandidates = EventNames.class, description = "The event type, as the provider names it.")
    String event;

    @Option(names = "--emulator", defaultValue = "http://127.0.0.1:" + EmulateCommand.DEFAULT_PORT, paramLabel = "URL",
            description = "The emulator's base URL (printed by 'hooks emulate'). Default: ${DEFAULT-VALUE}, where "
                    + "'hooks emulate' listens unless given --port.")
    String emulator;

    @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "The provider, where the emulator serves several whose events share the name.")
    String provider;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Edit the event before it is sent: a dotted path "
            + "and a JSON value or plain text (data.status=CLOSED). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--data-file", paramLabel = "FILE", description = "Replace the event's data part with this JSON file.")
    Path dataFile;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s", description = "How long to wait for "
            + "deliveries to end; those still retrying are reported so. Default: ${DEFAULT-VALUE}.")
    String wait;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, or json: the emulator's answer as one document. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        URI base = HttpOptions.url("--emulator", emulator);
        Duration waitFor = dev.hooks.scheme.Durations.parse(wait).orElseThrow(() ->
                HooksException.input("--wait '" + wait + "' is not a duration such as 30s"));
        ObjectNode req = JsonBody.mapper().createObjectNode();
        req.put("event", event);
        if (provider != null) {
            req.put("provider", provider);
        }
        ArrayNode s = req.putArray("set");
        sets.forEach(s::add);
        if (dataFile != null) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(dataFile);
            } catch (java.io.IOException e) {
                throw HooksException.input("cannot read --data-file " + dataFile + ": " + e.getMessage());
            }
            req.set("data", JsonBody.parse(bytes, "--data-file " + dataFile));
        }
        req.put("wait", waitFor.toSeconds() + "s");
        URI url = base.resolve("/_emulator/emit");
        Exchange x;
        try (HttpTransport transport = new HttpTransport(waitFor.plusSeconds(30), false, ctx().clock())) {
            x = transport.exchange(new OutgoingRequest("POST", url,
                    List.of(new OutgoingRequest.Header("Content-Type", "application/json")),
                    req.toString().getBytes(StandardCharsets.UTF_8)));
        }
        if (!x.answered()) {
            throw HooksException.network("could not reach the emulator at " + url + ": " + x.failure().message()
                    + " (is 'hooks emulate' running?)");
        }
        JsonNode answer;
        try {
            answer = JsonBody.mapper().readTree(x.responseBody());
        } catch (java.io.IOException e) {
            answer = null;
        }
        if (x.status() != 200 || answer == null) {
            String why = answer == null ? x.responseText() : answer.path("error").path("message").asText(
                    answer.path("detail").asText(answer.path("Message").asText(x.responseText())));
            throw HooksException.input("the emulator refused the event (HTTP " + x.status() + "): " + why);
        }
        boolean failed = false;
        for (JsonNode r : answer.path("reached")) {
            String outcome = r.path("outcome").asText();
            failed |= outcome.equals("failed") || outcome.equals("retrying") || outcome.equals("abandoned");
        }
        if (format == Format.json) {
            out().println(answer.toString());
        } else {
            print(answer);
        }
        out().flush();
        return failed ? HooksException.CHECK_FAILED : 0;
    }

    private void print(JsonNode answer) {
        JsonNode reached = answer.path("reached");
        out().println(answer.path("provider").asText() + " " + answer.path("event").path("type").asText() + " "
                + answer.path("event").path("id").asText() + ": " + reached.size()
                + (reached.size() == 1 ? " subscription" : " subscriptions"));
        for (JsonNode r : reached) {
            StringBuilder line = new StringBuilder(String.format("  %-20s %s  %s", r.path("outcome").asText(),
                    r.path("subscription").asText(), r.path("url").asText()));
            if (r.has("status")) {
                line.append("  HTTP ").append(r.path("status").asInt());
            }
            int attempts = r.path("attempts").asInt();
            if (attempts > 0) {
                line.append(" after ").append(attempts).append(attempts == 1 ? " attempt" : " attempts");
            }
            if (!r.path("delivery_id").isNull() && r.has("delivery_id")) {
                line.append("  ").append(r.path("delivery_id").asText());
            }
            String outcome = r.path("outcome").asText();
            if (!outcome.equals("delivered") && r.hasNonNull("reason")) {
                line.append("  (").append(r.path("reason").asText()).append(")");
            }
            out().println(line);
        }
    }
}
