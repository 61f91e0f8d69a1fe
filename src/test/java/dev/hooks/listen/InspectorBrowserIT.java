package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hooks.scheme.Headers;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.scheme.Verification;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.StoredDelivery;
import io.javalin.Javalin;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inspector in a real headless Chromium (Debian's chromium and chromium-driver): deliveries appear without a
 * reload, one shows its verification steps, a replay arrives at the receiving server and in the list, and a
 * screenshot is saved to target/inspector.png.
 *
 * <p>The server is the inspector mounted on a Javalin with a minimal Stripe receiver in front of the same store;
 * deliveries are signed and posted over HTTP as a provider would.
 */
class InspectorBrowserIT {
    static final String SECRET = "whsec_browser-test-secret";
    static final ProviderCatalog CATALOG = new ProviderCatalog(List.of());
    static final SignatureScheme STRIPE = SignatureScheme.of(CATALOG.get("stripe"), SECRET);

    @TempDir
    Path dir;

    DeliveryStore store;
    Javalin app;
    InspectorRoutes inspector;
    HttpServer app2;
    final BlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
    WebDriver browser;
    String base;

    @BeforeEach
    void start() throws Exception {
        store = DeliveryStore.open(dir.resolve("history.db"));
        app2 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app2.createContext("/", ex -> {
            arrived.add(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        app2.start();
        String forward = "http://127.0.0.1:" + app2.getAddress().getPort() + "/stripe/webhooks";
        Replayer replayer = new HttpReplayer(store, forward, p -> p.equals("stripe") ? STRIPE : null, Clock.systemUTC(),
                Duration.ofSeconds(5));
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            inspector = InspectorRoutes.register(cfg, store, replayer);
            cfg.routes.post("/webhook", ctx -> {
                byte[] body = ctx.bodyAsBytes();
                Map<String, String> headers = new LinkedHashMap<>();
                StoredDelivery.Builder b = StoredDelivery.builder().receivedAt(Instant.now()).provider("stripe")
                        .path(ctx.path()).body(body);
                for (String name : java.util.Collections.list(ctx.req().getHeaderNames())) {
                    headers.put(name, ctx.header(name));
                    b.header(name, ctx.header(name));
                }
                Verification v = STRIPE.verify(body, Headers.of(headers), null, Instant.now(), Duration.ofMinutes(5));
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("valid", v.valid());
                doc.put("algorithm", v.algorithm());
                doc.put("encoding", v.encoding());
                doc.put("received", v.received());
                if (!v.isValid() && v.expected() != null) {
                    doc.put("expected", v.expected());
                }
                doc.put("timestamp", v.timestamp());
                String type = dev.hooks.scheme.DeliveryIds.field(body, "type");
                String id = dev.hooks.scheme.DeliveryIds.field(body, "id");
                int status = v.isValid() ? 200 : 400;
                String answer = v.isValid() ? "{\"ok\":true}" : "signature mismatch";
                store.save(b.eventType(type).eventId(id).verified(v.valid()).reason(v.reason())
                        .verification(Json.write(doc, 0)).status(status)
                        .responseHeader("Content-Type", v.isValid() ? "application/json" : "text/plain")
                        .responseBody(answer.getBytes(StandardCharsets.UTF_8)).latencyMicros(850).build());
                ctx.status(status).result(answer);
            });
        }).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + dir.resolve("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1440, 900));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        inspector.close();
        app.stop();
        app2.stop(0);
        store.close();
    }

    /** Posts a Stripe event signed with {@code secret}, as Stripe would. */
    int deliver(String type, String eventId, String secret, String data) throws Exception {
        byte[] body = ("{\n  \"id\": \"" + eventId + "\",\n  \"object\": \"event\",\n  \"type\": \"" + type
                + "\",\n  \"created\": " + Instant.now().getEpochSecond() + ",\n  \"livemode\": false,\n  \"data\": {\"object\": "
                + data + "}\n}").getBytes(StandardCharsets.UTF_8);
        SignatureScheme.Signed signed = SignatureScheme.of(CATALOG.get("stripe"), secret)
                .sign(body, null, Long.toString(Instant.now().getEpochSecond()), null);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/webhook")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("User-Agent")) {
                req.header(k, v);
            }
        });
        return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#rows tr"));
    }

    @Test
    void deliveriesAppearLiveShowTheirVerificationAndReplay() throws Exception {
        // History from an earlier run is shown too.
        deliver("customer.created", "evt_1Qearlier0001", SECRET, "{\"id\": \"cus_R1\", \"email\": \"ada@example.com\"}");
        browser.get(base + "/_hooks/");
        await().until(b -> "live".equals(b.findElement(By.id("live")).getDomAttribute("data-state")));
        await().until(b -> rows().size() == 1);

        assertThat(deliver("payment_intent.succeeded", "evt_3QpaidA0001", SECRET, "{\"id\": \"pi_3Q\", \"amount\": 2000, \"currency\": \"eur\"}")).isEqualTo(200);
        assertThat(deliver("invoice.payment_failed", "evt_1QbadSig0002", "whsec_rotated-old-secret", "{\"id\": \"in_1Q\", \"amount_due\": 4900}")).isEqualTo(400);
        assertThat(deliver("charge.refunded", "evt_3Qrefund0003", SECRET, "{\"id\": \"ch_3Q\", \"amount_refunded\": 500, \"note\": \"<img src=x onerror=alert(1)>\"}")).isEqualTo(200);
        await().until(b -> rows().size() == 4);
        assertThat(rows().get(0).getText()).contains("charge.refunded").contains("valid").contains("200");
        assertThat(rows().get(1).getText()).contains("invoice.payment_failed").contains("invalid").contains("400");

        // The invalid one: its verification steps say what was signed and what was expected against received.
        rows().get(1).click();
        await().until(b -> b.findElement(By.id("d-title")).getText().equals("invoice.payment_failed"));
        String steps = browser.findElement(By.id("verification")).getText();
        assertThat(steps).contains("signature mismatch").contains("Stripe-Signature").contains("{timestamp}.{body}")
                .contains("Expected").contains("Received").contains("expected ≠ received").contains("hex")
                .contains("\"id\": \"evt_1QbadSig0002\"");
        assertThat(browser.findElement(By.id("d-body")).getText()).contains("\"amount_due\" : 4900");

        // Markup in a body stays text.
        rows().get(0).click();
        await().until(b -> b.findElement(By.id("d-title")).getText().equals("charge.refunded"));
        assertThat(browser.findElement(By.id("d-body")).getText()).contains("<img src=x onerror=alert(1)>");
        assertThat(browser.findElements(By.cssSelector("#d-body img"))).isEmpty();

        // Replay it to the forward target: it arrives there, and the replay shows up in the list.
        browser.findElement(By.id("a-replay")).click();
        await().until(b -> b.findElement(By.id("d-notice")).getText().contains("204"));
        byte[] got = arrived.poll(5, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(new String(got, StandardCharsets.UTF_8)).contains("evt_3Qrefund0003");
        await().until(b -> rows().size() == 5);
        assertThat(rows().get(0).getText()).contains("replay").contains("charge.refunded");

        // Edit the body and replay it re-signed.
        browser.findElement(By.id("a-edit")).click();
        WebElement editor = browser.findElement(By.id("r-body"));
        editor.clear();
        editor.sendKeys("{\"id\": \"evt_3Qrefund0003\", \"type\": \"charge.refunded\", \"edited\": true}");
        assertThat(browser.findElement(By.id("r-resign")).isSelected()).isTrue();
        browser.findElement(By.id("r-send")).click();
        await().until(b -> b.findElement(By.id("d-notice")).getText().contains("re-signed"));
        assertThat(new String(arrived.poll(5, TimeUnit.SECONDS), StandardCharsets.UTF_8)).contains("\"edited\": true");
        await().until(b -> rows().size() == 6);

        // Filters narrow the list; the export link follows them.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-verified"))).selectByValue("invalid");
        await().until(b -> rows().size() == 1);
        assertThat(browser.findElement(By.id("export")).getDomAttribute("href")).contains("verified=invalid");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-verified"))).selectByValue("");
        await().until(b -> rows().size() == 6);

        // The picture for people: the failed delivery with its signature check.
        rows().stream().filter(r -> r.getText().contains("invoice.payment_failed")).findFirst().orElseThrow().click();
        await().until(b -> b.findElement(By.id("d-title")).getText().equals("invoice.payment_failed"));
        Thread.sleep(1800); // let the row highlight fade
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "inspector.png");
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }
}
