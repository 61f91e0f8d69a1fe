package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.check.Check;
import dev.hooks.check.CheckReport;
import dev.hooks.check.CheckResult;
import dev.hooks.check.ReceiverCheck;
import dev.hooks.scheme.Profile;
import dev.hooks.term.Ansi;
import dev.hooks.term.CheckRenderer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check",
        description = {"Judge a running receiver the way its provider and an attacker would: every sample event "
                + "correctly made, the URL handshake, forged, unsigned, tampered, stale and future-dated deliveries, "
                + "bodies a re-serialiser would change, a redelivery, wrong credentials, undecryptable bodies, and the "
                + "answer times against the provider's timeout. Which checks apply comes from the provider's profile.",
                "Exit 0 when no check failed, 1 when one did, 3 when the receiver could not be reached."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks check --provider paismo --secret-env PAISMO_SECRET \\",
            "      --to http://127.0.0.1:3000/webhook",
            "  hooks check --provider teal --secret s --encryption-key $KEY --to $URL \\",
            "      --format junit > check.xml",
            "  hooks check --provider paxos --api-key k --to $URL \\",
            "      --format json | jq 'select(.outcome != \"pass\")'",
            "  hooks check --provider stripe --secret-env STRIPE_SECRET --to $URL \\",
            "      --timeout 2s"})
final class CheckCommand extends BaseCommand {
    enum Format { text, json, junit }

    @Option(names = {"-p", "--provider"}, required = true, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Provider profile whose deliveries to make.")
    String provider;

    @Mixin
    DeliveryOptions delivery;

    @Mixin
    EncryptionKeyOption encryptionKey;

    @Mixin
    AuthOptions auth;

    @Mixin
    SamplesDirOption samplesDir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text; json: one object per check ({check, outcome, reason, requests}); junit: a JUnit XML "
                    + "report, one test case per check. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--skip", split = ",", paramLabel = "CHECK",
            description = "Do not run these checks (comma-separated or repeated): handshake, valid, duplicate, raw-body, "
                    + "bad-signature, missing-signature, tampered-body, wrong-secret, stale-timestamp, future-timestamp, "
                    + "auth, encryption, latency.")
    List<String> skip = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Under each check, a line per request it made: what it was, "
            + "the method and URL, what was expected and what came back.")
    boolean verbose;

    @Override
    public Integer call() {
        URI url = delivery.url();
        Profile profile = delivery.providers.profile(ctx(), provider);
        String secret = profile.signature().none() ? delivery.secrets.resolve(ctx()) : delivery.secrets.require(ctx(), profile.name());
        String key = encryptionKey.resolve(ctx());
        if (key != null && !profile.encrypts() && encryptionKey.key == null) {
            key = null;
        }
        if (delivery.http.insecure) {
            err().println("hooks: warning: --insecure: TLS certificates and host names are not checked");
        }
        ReceiverCheck.Settings settings = new ReceiverCheck.Settings(profile, url, secret, key,
                auth.credentials(ctx(), profile, err()), samplesDir.catalog(ctx()), delivery.http.timeout(profile.delivery().timeout()),
                delivery.http.insecure, ctx().clock(), skipped());
        ReceiverCheck check = new ReceiverCheck(settings);
        CheckRenderer renderer = new CheckRenderer(new Ansi(format == Format.text && ctx().colour()));
        if (format == Format.text) {
            out().println(renderer.heading(profile.name(), url.toString(), settings.timeout()));
        }
        CheckReport report = check.run(r -> {
            if (format == Format.text) {
                out().println(renderer.line(r));
                if (verbose) {
                    renderer.requestLines(r).forEach(out()::println);
                }
            } else if (format == Format.json) {
                out().println(CheckRenderer.json(r));
            }
            out().flush();
        });
        if (format == Format.junit) {
            out().print(CheckRenderer.junit(report, ctx().clock().instant()));
        } else if (format == Format.text && report.reached()) {
            renderer.summary(report).forEach(out()::println);
        }
        out().flush();
        if (!report.reached()) {
            err().println("hooks: could not reach " + url + ": " + report.unreachable());
            return HooksException.NETWORK;
        }
        long failed = report.count(CheckResult.Outcome.FAIL);
        if (failed > 0) {
            err().println("hooks: " + failed + " of " + report.results().size() + " checks failed");
            return HooksException.CHECK_FAILED;
        }
        return 0;
    }

    private Set<Check> skipped() {
        Set<Check> out = EnumSet.noneOf(Check.class);
        for (String id : skip) {
            Check c = Check.byId(id.strip());
            if (c == null) {
                throw HooksException.input("--skip '" + id + "' is not a check; the checks are "
                        + String.join(", ", Arrays.stream(Check.values()).map(Check::id).toList()));
            }
            out.add(c);
        }
        return out;
    }
}
