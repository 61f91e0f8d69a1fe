package dev.hooks.scheme;

import java.util.List;

/**
 * The outcome of checking one delivery's signature, with the steps a person needs to see why it failed.
 * It never holds the secret; {@code expected} is the signature computed for this body, which callers may show
 * locally but must not send back to the client.
 *
 * @param valid true when a signature matched, false when not, null when the scheme has no signature
 * @param reason one line on why it is not valid (null when valid)
 * @param signedContent what was (or would be) signed, as text, for debugging
 * @param expected the signature value computed for this body, in the header's encoding
 * @param received the signatures found in the header
 * @param encoding {@code hex}, {@code HEX} or {@code base64}
 * @param form the header value template the header was read by: the profile's {@code signature.value}, or one of
 *     its {@code signature.alsoAccept} (null when the header could not be read)
 */
public record Verification(
        Boolean valid, String reason, String algorithm, String signedContent, String expected,
        List<String> received, String encoding, String timestamp, String form) {

    public static Verification unsigned() {
        return new Verification(null, null, "none", null, null, List.of(), null, null, null);
    }

    public static Verification failed(String algorithm, String reason) {
        return new Verification(false, reason, algorithm, null, null, List.of(), null, null, null);
    }

    public boolean isValid() {
        return Boolean.TRUE.equals(valid);
    }

    /** A short word for tables: {@code valid}, {@code invalid} or {@code unsigned}. */
    public String word() {
        return valid == null ? "unsigned" : valid ? "valid" : "invalid";
    }
}
