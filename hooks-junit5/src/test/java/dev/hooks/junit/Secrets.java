package dev.hooks.junit;

/** Secrets and keys of the tests: made up, used only against loopback receivers. */
final class Secrets {
    static final String PAISMO = "paismo-test-secret";
    static final String TEAL = "teal-test-secret";
    /** standard-webhooks keys are whsec_ and base64. */
    static final String STANDARD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** base64 of 32 bytes. */
    static final String TEAL_KEY = "q6sq5tUbVvyWnD3cVX2bPuZJVE8eC8xGQ9iNtPZBAXo=";
    static final String PAXOS_API_KEY = "paxos-test-api-key";

    private Secrets() {}
}
