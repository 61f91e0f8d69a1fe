package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.Durations;
import dev.hooks.send.HttpTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout} and {@code --insecure}: how the commands that make requests talk HTTP. */
final class HttpOptions {
    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up on a request after this long (connect, then the whole answer), e.g. 30s, 2m. "
                    + "Default: the provider's delivery timeout, 30s when its profile sets none.")
    String timeout;

    @Option(names = {"-k", "--insecure"},
            description = "Do not check TLS certificates or host names of https URLs (self-signed test servers).")
    boolean insecure;

    Duration timeout(Duration profileDefault) {
        if (timeout == null) {
            return profileDefault != null ? profileDefault : Duration.ofSeconds(30);
        }
        Duration d = Durations.parse(timeout).orElseThrow(() ->
                HooksException.input("--timeout '" + timeout + "' is not a duration such as 30s, 2m or 1500ms"));
        if (d.isZero() || d.isNegative()) {
            throw HooksException.input("--timeout must be more than 0");
        }
        return d;
    }

    HttpTransport transport(Context ctx, java.io.PrintWriter err, Duration profileDefault) {
        if (insecure) {
            err.println("hooks: warning: --insecure: TLS certificates and host names are not checked");
        }
        return new HttpTransport(timeout(profileDefault), insecure, ctx.clock());
    }

    /**
     * Checks a target URL: http or https with a host. Without a scheme ({@code localhost:3000/webhook}, as other
     * webhook tools take it) it is http.
     */
    static URI url(String flag, String value) {
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value : "http://" + value);
        } catch (URISyntaxException e) {
            throw HooksException.input(flag + " '" + value + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw HooksException.input(flag + " '" + value + "' must be an http:// or https:// URL with a host, "
                    + "e.g. http://127.0.0.1:3000/webhook");
        }
        return uri;
    }
}
