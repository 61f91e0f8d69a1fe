package dev.hooks.scheme;

import dev.hooks.HooksException;
import dev.hooks.crypto.Encoding;
import java.nio.charset.StandardCharsets;

/** Turns a secret as users hold it into key bytes, by the profile's key form. Messages never include the secret. */
public final class KeyMaterial {
    private static final String[] WHSEC_PREFIXES = {"whsec_", "whsk_", "whpk_"};

    private KeyMaterial() {}

    public static byte[] decode(String secret, String form, String provider) {
        switch (form) {
            case "utf8":
                return secret.getBytes(StandardCharsets.UTF_8);
            case "ascii":
                for (int i = 0; i < secret.length(); i++) {
                    if (secret.charAt(i) > 0x7f) {
                        throw HooksException.input("provider '" + provider + "' takes an ASCII secret, and this one has a "
                                + "non-ASCII character at position " + (i + 1));
                    }
                }
                return secret.getBytes(StandardCharsets.US_ASCII);
            case "base64":
                return Encoding.fromBase64(secret).orElseThrow(() -> HooksException.input(
                        "provider '" + provider + "' takes a base64 secret, and this one is not valid base64"));
            case "hex":
                return Encoding.fromHex(secret.strip()).orElseThrow(() -> HooksException.input(
                        "provider '" + provider + "' takes a hex secret, and this one is not valid hex"));
            case "whsec":
                String body = secret.strip();
                for (String p : WHSEC_PREFIXES) {
                    if (body.startsWith(p)) {
                        body = body.substring(p.length());
                        break;
                    }
                }
                byte[] key = Encoding.fromBase64(body).orElseThrow(() -> HooksException.input(
                        "provider '" + provider + "' takes a secret of the form whsec_<base64>, and the part after the "
                                + "prefix is not valid base64"));
                if (key.length == 0) {
                    throw HooksException.input("provider '" + provider + "': the secret is empty after its prefix");
                }
                return key;
            default:
                throw new IllegalArgumentException("unknown key form " + form);
        }
    }
}
