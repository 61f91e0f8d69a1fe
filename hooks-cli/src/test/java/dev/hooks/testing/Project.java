package dev.hooks.testing;

import java.nio.file.Path;

/** Where the tests find the checkout: this module, the top of the checkout, and the fat jar README names. */
public final class Project {
    private Project() {}

    /** This module's directory (Maven's {@code basedir}; the working directory when run elsewhere). */
    public static Path module() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** The top of the checkout: README.md, samples/, completions/. */
    public static Path root() {
        return module().getParent();
    }

    /** {@code target/hooks.jar} at the top of the checkout, as README says. */
    public static Path jar() {
        String set = System.getProperty("hooks.jar");
        return set != null ? Path.of(set).toAbsolutePath().normalize() : root().resolve("target/hooks.jar");
    }
}
