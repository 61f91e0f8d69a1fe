package dev.hooks.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureSchemeTest {
    @Test
    void paycorSignsTheDotNetAsciiBytesOfTheBody() {
        byte[] body = "{\"name\":\"Zoë 😀\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(SignatureScheme.dotNetAscii(body), StandardCharsets.US_ASCII)).isEqualTo("{\"name\":\"Zo? ??\"}");
        Profile paycor = new ProviderCatalog(List.of()).get("paycor");
        SignatureScheme s = SignatureScheme.of(paycor, "secret");
        String a = s.sign(body, null, null, null).signatureValue();
        String b = s.sign("{\"name\":\"Zo? ??\"}".getBytes(StandardCharsets.US_ASCII), null, null, null).signatureValue();
        assertThat(a).isEqualTo(b).matches("[0-9A-F]{64}");
        byte[] ascii = "plain ascii".getBytes(StandardCharsets.US_ASCII);
        assertThat(SignatureScheme.dotNetAscii(ascii)).isSameAs(ascii);
    }

    @Test
    void valueTemplatesReadBackwards() {
        ValueTemplate stripe = new ValueTemplate("t={timestamp},v1={hex}", ",");
        ValueTemplate.Parsed p = stripe.parse("t=1700000000,v1=abc123,v0=ffff,v1=DEF456");
        assertThat(p.timestamp()).isEqualTo("1700000000");
        assertThat(p.signatures()).containsExactly("abc123", "DEF456");
        assertThat(p.ignored()).isEqualTo(1);
        ValueTemplate sw = new ValueTemplate("v1,{base64}", " ");
        assertThat(sw.parse("v1a,xyz= v1,AAAA v2,BBBB").signatures()).containsExactly("AAAA");
        ValueTemplate keypay = new ValueTemplate("sha256={HEX}", null);
        assertThat(keypay.parse("sha256=ABCDEF").signatures()).containsExactly("ABCDEF");
        assertThat(keypay.parse("sha1=ABCDEF").signatures()).isEmpty();
        assertThat(keypay.render(java.util.Map.of("HEX", "AB"))).isEqualTo("sha256=AB");
    }
}
