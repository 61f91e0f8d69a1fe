package dev.hooks.send;

import java.util.List;

/**
 * How the sender proves itself to the receiver (Paxos: an API key header, or an OAuth 2 Bearer token).
 * Implementations are safe to share between threads.
 */
public interface Authenticator {
    /** No authentication: the receiver checks the signature, if any. */
    Authenticator NONE = new Authenticator() {
        @Override
        public List<OutgoingRequest.Header> headers() {
            return List.of();
        }
    };

    /**
     * The headers to add to the next request.
     *
     * @throws AuthenticationFailed when no credentials could be obtained (the token endpoint failed)
     */
    List<OutgoingRequest.Header> headers();

    /** The receiver answered 401: credentials that may have expired are dropped, so the next attempt gets fresh ones. */
    default void rejected() {}

    /** Why an attempt could not be authenticated; the attempt fails with {@link Exchange.Kind#AUTH}, or a network kind. */
    final class AuthenticationFailed extends RuntimeException {
        private final Exchange.Kind kind;

        public AuthenticationFailed(Exchange.Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Exchange.Kind kind() {
            return kind;
        }
    }
}
