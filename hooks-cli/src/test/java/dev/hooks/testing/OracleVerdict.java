package dev.hooks.testing;

/** What an independent verifier said about a signed request: valid, or invalid with its reason. */
public record OracleVerdict(boolean valid, String error) {
    /** What a verifier answers when it accepts. */
    public static final OracleVerdict VALID = new OracleVerdict(true, null);

    @Override
    public String toString() {
        return valid ? "valid" : "invalid (" + error + ")";
    }
}
