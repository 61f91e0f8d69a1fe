package dev.hooks.check;

import java.util.Locale;

/** The checks of {@link ReceiverCheck}, in the order they run; {@link #id()} is the name users and reports see. */
public enum Check {
    /** The provider's URL verification passes. */
    HANDSHAKE,
    /** Every sample event, correctly made, is answered 2xx. */
    VALID,
    /** The same event delivered twice is acknowledged both times. */
    DUPLICATE,
    /** Correctly signed bodies whose bytes a re-serialiser would change are answered 2xx. */
    RAW_BODY,
    /** A corrupted signature is refused with 4xx. */
    BAD_SIGNATURE,
    /** A delivery without the signature header is refused with 4xx. */
    MISSING_SIGNATURE,
    /** A valid signature over other bytes is refused with 4xx. */
    TAMPERED_BODY,
    /** A signature made with another secret is refused with 4xx. */
    WRONG_SECRET,
    /** A signature over a timestamp older than the tolerance is refused. */
    STALE_TIMESTAMP,
    /** A signature over a timestamp further ahead than the tolerance is refused. */
    FUTURE_TIMESTAMP,
    /** Deliveries without credentials, or with wrong ones, are refused; the OAuth flow works. */
    AUTH,
    /** A body encrypted under the wrong key, or sent with the wrong IV, is not acknowledged. */
    ENCRYPTION,
    /** Every answer comes within the provider's timeout. */
    LATENCY;

    /** {@code bad-signature}, {@code raw-body}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The check with this id, or null. */
    public static Check byId(String id) {
        for (Check c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }
}
