package dev.hooks.listen;

import dev.hooks.store.StoredDelivery;
import dev.hooks.store.StoredDelivery.Header;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code POST /oauth/token}: issues tokens to the configured client (client credentials), and keeps its secret and
 * the tokens it issues out of the record.
 */
final class TokenRoute {
    private final TokenIssuer tokens;
    private final RequestReader reader;

    TokenRoute(TokenIssuer tokens, RequestReader reader) {
        this.tokens = tokens;
        this.reader = reader;
    }

    void answer(Wire w, Exchange x) {
        x.kind = StoredDelivery.OAUTH;
        x.redactHeaders = Set.of("authorization");
        if (!x.method.equals("POST")) {
            x.responseHeaders.add(new Header("Allow", "POST"));
            x.answer(405, "the token endpoint takes POST");
            return;
        }
        if (!reader.readBody(w, x)) {
            return;
        }
        TokenIssuer.Answer a = tokens.issue(x.header("Authorization"), x.header("Content-Type"), x.body);
        x.verified = a.status() == 200;
        x.reason = a.reason();
        x.eventType = "client_credentials";
        if (a.basicChallenge()) {
            x.responseHeaders.add(new Header("WWW-Authenticate", "Basic realm=\"hooks\""));
        }
        x.responseHeaders.add(new Header("Cache-Control", "no-store"));
        byte[] answer = a.body().getBytes(StandardCharsets.UTF_8);
        x.answer(a.status(), Exchange.JSON_TYPE, answer);
        x.storedBody = redactForm(x.body);
        x.storedResponse = a.status() == 200
                ? a.body().replaceFirst("\"access_token\":\"[^\"]*\"", "\"access_token\":\"" + Listener.REDACTED + "\"")
                        .getBytes(StandardCharsets.UTF_8)
                : answer;
    }

    private static byte[] redactForm(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains("client_secret")) {
            return body;
        }
        return text.replaceAll("(^|&)client_secret=[^&]*", "$1client_secret=" + Listener.REDACTED).getBytes(StandardCharsets.UTF_8);
    }
}
