package dev.hooks.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.send.RequestFactory;
import dev.hooks.send.SampleEnvelopes;
import dev.hooks.testing.Oracle;
import dev.hooks.testing.Requirements;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * What the providers' documents' own receiver code makes of what hooks sends, for every sample of the provider:
 * the Paxos document's Java record read by a plain ObjectMapper, the Paismo document's Express receiver (which
 * signs the body re-serialised by JSON.stringify, run in real Node), and the Paycor document's C# {@code Validate}.
 * Each sample is sent as it is and with a character outside the Basic Multilingual Plane set into it.
 */
class DocumentReceiversTest {
    private static final ProviderCatalog PROVIDERS = new ProviderCatalog(List.of());
    private static final SampleCatalog SAMPLES = SampleCatalog.builtIn();
    private static final String SECRET = "s3cret-Of-the-receiver";
    private static final String EMOJI = "Paid in full \uD83D\uDE00, caf\u00e9 \u2713";

    /** The Paxos document's event record: exactly its five fields. */
    record PaxosEvent(String id, String type, String source, String time, String object) {}

    /** What hooks sends for each sample of {@code provider}, as is and with {@code set} applied. */
    private static List<OutgoingRequest> everySample(String provider, String set) {
        Profile profile = PROVIDERS.get(provider);
        RequestFactory requests = new RequestFactory(profile, SignatureScheme.of(profile, SECRET), null, null,
                URI.create("http://127.0.0.1:9/hook"), Clock.systemUTC());
        List<OutgoingRequest> all = new ArrayList<>();
        for (SampleEvent event : SAMPLES.events(profile.samples())) {
            for (List<String> sets : List.of(List.<String>of(), List.of(set))) {
                SampleEnvelopes envelopes = new SampleEnvelopes(profile, SAMPLES, event,
                        new SampleRenderer(Clock.systemUTC(), new SplittableRandom(all.size())), null, sets, false);
                all.add(requests.build(envelopes.next(1), 1));
                all.add(requests.build(envelopes.next(2), 1));
            }
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(4);
        return all;
    }

    @Test
    void thePaxosRecordReadsEverySampleWithAPlainObjectMapper() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        for (OutgoingRequest request : everySample("paxos", "id=\"" + EMOJI + "\"")) {
            PaxosEvent event = plain.readValue(request.body(), PaxosEvent.class);

            assertThat(event.source()).isEqualTo("com.paxos");
            assertThat(event.object()).isEqualTo("event");
            assertThat(event.type()).matches("(identity|orchestration|transfer)\\..+");
            assertThat(event.id()).isNotBlank();
            assertThat(event.time()).isNotBlank();
        }
    }

    @Test
    void thePaismoExpressReceiverAcceptsEverySampleAsJsonStringifyRewritesIt() {
        Requirements.command("node", "apt-get install nodejs");
        List<OutgoingRequest> sent = everySample("paismo", "data.note=\"" + EMOJI + "\"");
        ArrayNode requests = new ObjectMapper().createArrayNode();
        for (OutgoingRequest r : sent) {
            requests.addObject().put("secret", SECRET).put("body_b64", Base64.getEncoder().encodeToString(r.body()))
                    .put("signature", r.header("X-Paismo-Signature"));
        }

        JsonNode answers = Oracle.node("paismo-express.mjs", requests);

        assertThat(answers).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            String body = sent.get(i).bodyText();
            String rewritten = new String(Base64.getDecoder().decode(answers.get(i).get("reserialised_b64").asText()),
                    StandardCharsets.UTF_8);
            assertThat(rewritten).as("JSON.stringify(JSON.parse(body))").isEqualTo(body);
            assertThat(answers.get(i).get("identical").asBoolean()).isTrue();
            assertThat(answers.get(i).get("valid").asBoolean()).as("the receiver's signature check of " + body).isTrue();
        }
        assertThat(sent).anySatisfy(r -> assertThat(r.bodyText()).contains("\uD83D\uDE00"));
    }

    @Test
    void thePaycorValidateAcceptsEverySample() throws Exception {
        for (OutgoingRequest request : everySample("paycor", "Notifications.0.Note=\"" + EMOJI + "\"")) {
            String body = new String(request.body(), StandardCharsets.UTF_8);

            assertThat(paycorValidate(body, request.header("ms-signature"), SECRET)).as(body).isTrue();
        }
    }

    /**
     * The Paycor document's {@code Validate}: {@code Encoding.ASCII.GetBytes} of the body string and of the secret
     * (each UTF-16 unit outside ASCII becomes one {@code ?}, so an emoji's surrogate pair becomes two),
     * HMAC-SHA256, uppercase hex, compared with the header value upper-cased.
     */
    private static boolean paycorValidate(String body, String header, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(dotNetAsciiGetBytes(secret), "HmacSHA256"));
        String expected = HexFormat.of().withUpperCase().formatHex(mac.doFinal(dotNetAsciiGetBytes(body)));
        return header != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                header.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] dotNetAsciiGetBytes(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[i] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return out;
    }
}
