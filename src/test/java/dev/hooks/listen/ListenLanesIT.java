package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Query;
import dev.hooks.store.StoredDelivery;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request reaches the listener by one of two lanes: a POST with a declared length takes the direct lane, a chunked
 * one (or anything else) the servlet path. Whichever carries it, a delivery gets the same answer and the same record.
 */
class ListenLanesIT {
    @TempDir
    Path home;

    /** The same request twice: with Content-Length (the direct lane) and chunked (the servlet path). */
    private record Pair(HttpResponse<String> direct, HttpResponse<String> chunked) {
    }

    @Test
    void aDeliveryIsAnsweredAndRecordedAlikeWhicheverLaneCarriesIt() throws Exception {
        // A profile that signs the URL as well as the body: both lanes must see the URL the client asked for.
        Path providers = Files.createDirectories(home.resolve(".config/hooks/providers"));
        Files.writeString(providers.resolve("urlsig.json"), """
                {"name": "urlsig", "detect": ["X-Url-Signature"],
                 "signature": {"algorithm": "hmac-sha256", "key": "utf8", "signed": "{url}{body}",
                               "header": "X-Url-Signature", "value": "{hex}"}}
                """);
        Path db = home.resolve("lanes.db");
        List<Pair> pairs = new ArrayList<>();
        try (ListenRun listen = ListenRun.start(home, Map.of("XDG_CONFIG_HOME", home.resolve(".config").toString()),
                "--provider", "paismo", "--provider", "urlsig", "--secret", "paismo=s3cret", "--secret", "urlsig=u-secret",
                "--store", db.toString())) {
            byte[] valid = body("evt_lane");
            byte[] malformed = "{\"event_type\":".getBytes(StandardCharsets.UTF_8);
            List<Map<String, String>> sig = new Signed().add("paismo", "s3cret", valid, null)
                    .add("paismo", "s3cret", malformed, null).run();
            String query = "?tenant=t%201&x=2";
            String url = "http://127.0.0.1:" + listen.port() + "/urlsig" + query;
            pairs.add(both(listen, "/paismo", valid, "X-Paismo-Signature", sig.get(0).get("X-Paismo-Signature")));
            pairs.add(both(listen, "/paismo", valid, "X-Paismo-Signature", "00".repeat(32)));
            pairs.add(both(listen, "/paismo", malformed, "X-Paismo-Signature", sig.get(1).get("X-Paismo-Signature")));
            pairs.add(both(listen, "/urlsig" + query, valid, "X-Url-Signature", hmac("u-secret", url, valid)));
            listen.awaitLines(2 * pairs.size());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Pair p : pairs) {
            statuses.add(p.direct().statusCode());
            assertThat(p.chunked().statusCode()).isEqualTo(p.direct().statusCode());
            assertThat(p.chunked().headers().firstValue("content-type"))
                    .isEqualTo(p.direct().headers().firstValue("content-type"));
            assertThat(withoutIds(p.chunked().body())).isEqualTo(withoutIds(p.direct().body()));
        }
        assertThat(statuses).containsExactly(200, 401, 400, 200);

        try (DeliveryStore store = DeliveryStore.open(db)) {
            List<StoredDelivery> all = store.list(Query.all().withOldestFirst(true));
            assertThat(all).hasSize(2 * pairs.size());
            // The lanes share one duplicate check: the chunked copy of the first delivery repeats its event id.
            assertThat(all.get(0).duplicate()).isFalse();
            assertThat(all.get(1).duplicate()).isTrue();
            for (int i = 0; i < all.size(); i += 2) {
                StoredDelivery direct = all.get(i);
                StoredDelivery chunked = all.get(i + 1);
                assertThat(direct.header("Content-Length")).isNotNull();
                assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(chunked.body()).isEqualTo(direct.body());
                assertThat(chunked.status()).isEqualTo(direct.status());
                assertThat(chunked.reason()).isEqualTo(direct.reason());
                assertThat(chunked.verified()).isEqualTo(direct.verified());
                assertThat(chunked.verification()).isEqualTo(direct.verification());
                assertThat(chunked.provider()).isEqualTo(direct.provider());
                assertThat(chunked.path()).isEqualTo(direct.path());
                assertThat(chunked.query()).isEqualTo(direct.query());
                assertThat(chunked.eventId()).isEqualTo(direct.eventId());
                assertThat(chunked.responseHeaders()).isEqualTo(direct.responseHeaders());
                assertThat(withoutIds(new String(chunked.responseBody(), StandardCharsets.UTF_8)))
                        .isEqualTo(withoutIds(new String(direct.responseBody(), StandardCharsets.UTF_8)));
                assertThat(without(chunked.headers(), "transfer-encoding"))
                        .isEqualTo(without(direct.headers(), "content-length"));
            }
        }
    }

    private static Pair both(ListenRun listen, String path, byte[] body, String header, String value) {
        HttpRequest direct = HttpRequest.newBuilder(listen.url(path)).timeout(Duration.ofSeconds(20))
                .header(header, value).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        // A publisher of unknown length: the client sends the body chunked.
        HttpRequest chunked = HttpRequest.newBuilder(listen.url(path)).timeout(Duration.ofSeconds(20))
                .header(header, value).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return new Pair(ListenRun.send(direct), ListenRun.send(chunked));
    }

    private static byte[] body(String eventId) {
        return ("{\"event_type\":\"employee.created\",\"event_id\":\"" + eventId + "\",\"data\":{\"n\":1}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String hmac(String secret, String url, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(url.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static String withoutIds(String s) {
        return s.replaceAll("d_[0-9a-z]+", "d_ID");
    }

    private static List<StoredDelivery.Header> without(List<StoredDelivery.Header> headers, String name) {
        List<StoredDelivery.Header> out = new ArrayList<>();
        for (StoredDelivery.Header h : headers) {
            if (!h.name().toLowerCase(Locale.ROOT).equals(name)) {
                out.add(h);
            }
        }
        return out;
    }
}
