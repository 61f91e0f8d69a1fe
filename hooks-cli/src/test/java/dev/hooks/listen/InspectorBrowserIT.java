package dev.hooks.listen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hooks.cli.CliRun;
import dev.hooks.testing.Requirements;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
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
 * The inspector of a real {@code hooks listen} in a real headless Chromium (Debian's chromium and chromium-driver,
 * skipped where they are missing): deliveries sent with {@code hooks send} appear without a reload, one shows its verification steps, a replay
 * arrives at the app behind {@code --forward-to} and in the list, and a screenshot is saved to target/inspector.png.
 */
class InspectorBrowserIT {
    static final String SECRET = "whsec_browser-test-secret";

    @TempDir
    Path home;

    HttpServer app;
    ListenRun listen;
    final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
    WebDriver browser;
    String base;

    @BeforeEach
    void start() throws Exception {
        Path chromium = Requirements.command("chromium", "apt-get install chromium chromium-driver");
        Path chromedriver = Requirements.command("chromedriver", "apt-get install chromium-driver");
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/page", ex -> {
            byte[] page = "<!doctype html><title>elsewhere</title><p>another origin</p>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        app.createContext("/", ex -> {
            arrived.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        app.start();
        String forward = "http://127.0.0.1:" + app.getAddress().getPort() + "/stripe/webhooks";
        listen = ListenRun.start(home, "--provider", "stripe", "--secret", SECRET, "--store",
                home.resolve("history.db").toString(), "--forward-to", forward);
        base = "http://127.0.0.1:" + listen.port();

        browser = chromium(chromium, chromedriver, home);
    }

    /** A headless Chromium driven through {@code chromedriver}, its profile under {@code home}; the caller quits it. */
    static WebDriver chromium(Path chromium, Path chromedriver, Path home) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + home.resolve("chromium"),
                // A name of another site that resolves to this machine, as DNS rebinding makes one.
                "--host-resolver-rules=MAP rebound.test 127.0.0.1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1440, 900));
        return browser;
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (listen != null) {
            listen.close();
        }
        if (app != null) {
            app.stop(0);
        }
    }

    /** {@code hooks send EVENT --provider stripe} signed with {@code secret}; returns its exit code. */
    int send(String event, String secret, String... set) {
        List<String> args = new java.util.ArrayList<>(List.of("send", event, "--provider", "stripe", "--secret", secret,
                "--to", base + "/webhook"));
        for (String s : set) {
            args.add("--set");
            args.add(s);
        }
        return CliRun.run(home, null, args.toArray(String[]::new)).exitCode();
    }

    /** Waits for a request at the app whose body contains {@code text}, skipping others. */
    String arrivedWith(String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            String got = arrived.poll(100, TimeUnit.MILLISECONDS);
            if (got != null && got.contains(text)) {
                return got;
            }
        }
        throw new AssertionError("nothing containing " + text + " arrived at the app");
    }

    WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#rows tr"));
    }

    @Test
    void deliveriesAppearLiveShowTheirVerificationAndReplay() throws Exception {
        // History from an earlier moment is shown too.
        assertThat(send("customer.subscription.updated", SECRET)).isZero();
        browser.get(listen.inspectorUrl());
        await().until(b -> "live".equals(b.findElement(By.id("live")).getDomAttribute("data-state")));
        await().until(b -> rows().size() == 1);
        // The stats line says what the history holds, as 'hooks events stats' does.
        await().until(b -> b.findElement(By.id("stats")).getText().startsWith("1 recorded"));
        assertThat(browser.findElement(By.id("stats")).getText()).contains("stripe 1", "valid 1, invalid 0, unsigned 0",
                "on disk");
        // The token leaves the address bar once the cookie holds it, and the page still works without it.
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/_hooks/").doesNotContain(listen.token());
        browser.navigate().refresh();
        await().until(b -> "live".equals(b.findElement(By.id("live")).getDomAttribute("data-state")));
        await().until(b -> rows().size() == 1);

        assertThat(send("payment_intent.succeeded", SECRET)).isZero();
        assertThat(send("invoice.paid", "whsec_rotated-old-secret", "data.object.amount_due=4900")).isNotZero();
        assertThat(send("payment_intent.succeeded", SECRET, "data.object.description=<img src=x onerror=alert(1)>")).isZero();
        await().until(b -> rows().size() == 4);
        assertThat(rows().get(0).getText()).contains("payment_intent.succeeded").contains("valid").contains("204");
        assertThat(rows().get(1).getText()).contains("invoice.paid").contains("invalid").contains("400");

        // The invalid one: its verification steps say what was signed and what was expected against received.
        rows().get(1).click();
        await().until(b -> b.findElement(By.id("d-title")).getText().equals("invoice.paid"));
        String steps = browser.findElement(By.id("verification")).getText();
        assertThat(steps).contains("Stripe-Signature").contains("{timestamp}.{body}")
                .contains("Expected").contains("Received").contains("expected ≠ received").contains("hex")
                .contains("\"object\": \"event\"");
        assertThat(browser.findElement(By.id("d-body")).getText()).contains("\"amount_due\" : 4900");

        // Markup in a body stays text.
        rows().get(0).click();
        await().until(b -> b.findElement(By.id("d-body")).getText().contains("onerror"));
        assertThat(browser.findElement(By.id("d-body")).getText()).contains("<img src=x onerror=alert(1)>");
        assertThat(browser.findElements(By.cssSelector("#d-body img"))).isEmpty();
        String eventId = browser.findElement(By.id("d-body")).getText().replaceFirst("(?s).*?\"(evt_\\w+)\".*", "$1");
        assertThat(eventId).startsWith("evt_");

        // Replay it to the forward target: it arrives at the app, and the replay shows up in the list.
        arrived.clear();
        browser.findElement(By.id("a-replay")).click();
        await().until(b -> b.findElement(By.id("d-notice")).getText().contains("204"));
        assertThat(arrivedWith(eventId)).contains("onerror");
        await().until(b -> rows().size() == 5);
        assertThat(rows().get(0).getText()).contains("replay").contains("payment_intent.succeeded");

        // Edit the body and replay it re-signed with the listener's secret.
        browser.findElement(By.id("a-edit")).click();
        WebElement editor = browser.findElement(By.id("r-body"));
        editor.clear();
        editor.sendKeys("{\"id\": \"" + eventId + "\", \"type\": \"payment_intent.succeeded\", \"edited\": true}");
        assertThat(browser.findElement(By.id("r-resign")).isSelected()).isTrue();
        browser.findElement(By.id("r-send")).click();
        await().until(b -> b.findElement(By.id("d-notice")).getText().contains("re-signed"));
        assertThat(arrivedWith("\"edited\": true")).contains(eventId);
        await().until(b -> rows().size() == 6);

        // Filters narrow the list; the export link follows them.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-verified"))).selectByValue("invalid");
        await().until(b -> rows().size() == 1);
        assertThat(browser.findElement(By.id("export")).getDomAttribute("href")).contains("verified=invalid");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-verified"))).selectByValue("");
        await().until(b -> rows().size() == 6);

        // The picture for people: the failed delivery with its signature check.
        rows().stream().filter(r -> r.getText().contains("invoice.paid")).findFirst().orElseThrow().click();
        await().until(b -> b.findElement(By.id("d-title")).getText().equals("invoice.paid"));
        Thread.sleep(1800); // let the row highlight fade
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "inspector.png");
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }

    /** What a script on the page the browser shows gets from the listener's API: fetch, then a replay. */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> attack(String apiBase, String id) {
        return (java.util.Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript("""
                const [base, id, done] = arguments;
                const out = {};
                const tryIt = async (name, f) => {
                  try { const r = await f(); out[name] = r.status + " " + (await r.text()).split("\\n")[0]; }
                  catch (e) { out[name] = "blocked: " + e.name; }
                };
                (async () => {
                  await tryIt("read", () => fetch(base + "/_hooks/api/deliveries", {credentials: "include"}));
                  await tryIt("replay", () => fetch(base + "/_hooks/api/deliveries/" + id + "/replay", {method: "POST",
                      credentials: "include", headers: {"Content-Type": "application/json"},
                      body: JSON.stringify({to: null, body: "{}", resign: true})}));
                  await tryIt("blind", () => fetch(base + "/_hooks/api/deliveries/" + id + "/replay", {method: "POST",
                      mode: "no-cors", credentials: "include", headers: {"Content-Type": "text/plain"},
                      body: JSON.stringify({to: null, body: "{}", resign: true})}).then(r => ({status: "opaque",
                      text: async () => "sent"})));
                  done(out);
                })();
                """, apiBase, id);
    }

    @Test
    void pagesOfAnotherOriginOrReachedThroughAnotherNameReadNothingAndReplayNothing() throws Exception {
        assertThat(send("payment_intent.succeeded", SECRET)).isZero();
        String id = ListenRun.JSON.readTree(listen.inspector("/_hooks/api/deliveries").body())
                .path("deliveries").get(0).path("id").asText();
        // The user has the inspector open: the browser holds the token's cookie.
        browser.get(listen.inspectorUrl());
        await().until(b -> rows().size() == 1);
        arrived.clear();

        // A page of another origin (another port of this machine) cannot read the API or make it replay.
        browser.get("http://127.0.0.1:" + app.getAddress().getPort() + "/page");
        java.util.Map<String, Object> elsewhere = attack(base, id);
        assertThat(elsewhere.get("read")).asString().startsWith("blocked");
        assertThat(elsewhere.get("replay")).asString().startsWith("blocked");

        // The same inspector reached through a name that is not this machine's (DNS rebinding): refused, so a
        // script of that name reads only the refusal, even with the token, and replays nothing.
        String rebound = "http://rebound.test:" + listen.port();
        browser.get(rebound + "/_hooks/?token=" + listen.token());
        assertThat(browser.getPageSource()).contains("Host 'rebound.test' is not this machine");
        assertThat(browser.findElements(By.id("rows"))).isEmpty();
        java.util.Map<String, Object> sameName = attack(rebound, id);
        assertThat(sameName.get("read")).asString().startsWith("403 Host 'rebound.test' is not this machine");
        assertThat(sameName.get("replay")).asString().startsWith("403 Host 'rebound.test' is not this machine");

        // Nothing was replayed: the app saw nothing and the history holds no replay.
        Thread.sleep(500);
        assertThat(arrived).as("replayed to the app").noneMatch(b -> b.contains("payment_intent.succeeded"));
        assertThat(ListenRun.JSON.readTree(listen.inspector("/_hooks/api/deliveries?kind=replay").body())
                .path("deliveries")).isEmpty();
        // The inspector itself still works with the printed URL (the browser's favicon requests are rows too).
        browser.get(listen.inspectorUrl());
        await().until(b -> rows().stream().anyMatch(r -> r.getText().contains("payment_intent.succeeded")));
    }
}
