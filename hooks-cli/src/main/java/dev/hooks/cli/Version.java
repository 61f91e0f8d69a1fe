package dev.hooks.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code hooks --version}, from the jar's manifest when there is one. */
public final class Version implements IVersionProvider {
    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hooks " + current(), "Java " + System.getProperty("java.version")};
    }
}
