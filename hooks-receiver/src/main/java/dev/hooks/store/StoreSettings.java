package dev.hooks.store;

import java.util.Map;
import java.util.Objects;

/**
 * How to open a history beyond its location: the name this process records its deliveries under, and where a
 * database's password comes from.
 *
 * @param listener the name recorded with each delivery this process saves (a listener's {@code --name}), or null
 * @param passwordEnv the environment variable that holds the database password ({@code --store-password-env}), or
 *                    null for libpq's sources: {@code PGPASSWORD}, then {@code PGPASSFILE} or {@code ~/.pgpass}
 * @param env the environment to read
 */
public record StoreSettings(String listener, String passwordEnv, Map<String, String> env) {
    public StoreSettings {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** Reading only: no listener name, libpq's password sources. */
    public static StoreSettings reading(Map<String, String> env) {
        return new StoreSettings(null, null, env);
    }
}
