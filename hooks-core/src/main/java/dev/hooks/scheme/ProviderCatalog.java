package dev.hooks.scheme;

import dev.hooks.HooksException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every provider profile a command can use: the built-in ones in the jar, then the user's
 * ({@code $XDG_CONFIG_HOME/hooks/providers/*.json}), then {@code --providers-dir}; a later profile with the same
 * name replaces an earlier one. Built-ins are parsed only when asked for, so a command that needs one provider
 * reads one file.
 */
public final class ProviderCatalog {
    /** The built-in profiles, in the order they are listed. */
    public static final List<String> BUILT_IN = List.of("paismo", "paxos", "teal", "keypay", "paycor",
            "standard-webhooks", "svix", "stripe", "github", "shopify", "slack", "zoom");

    private final List<Path> userDirs;
    private Map<String, Profile> user;
    private final Map<String, Profile> builtIns = new LinkedHashMap<>();

    public ProviderCatalog(List<Path> userDirs) {
        this.userDirs = List.copyOf(userDirs);
    }

    /** The user directories from the environment: {@code $XDG_CONFIG_HOME/hooks/providers} or {@code ~/.config/...}. */
    public static Path userDir(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("hooks").resolve("providers");
    }

    /** Finds a profile by name, or fails with exit 2 listing the known names. */
    public Profile get(String name) {
        return find(name).orElseThrow(() -> HooksException.input("unknown provider '" + name + "': known providers are "
                + String.join(", ", names()) + " (see 'hooks providers')"));
    }

    public Optional<Profile> find(String name) {
        Profile p = user().get(name);
        if (p != null) {
            return Optional.of(p);
        }
        return BUILT_IN.contains(name) ? Optional.of(builtIn(name)) : Optional.empty();
    }

    /** Every provider, built-in first in their usual order, then user-defined ones by name. */
    public List<Profile> all() {
        List<Profile> out = new ArrayList<>();
        for (String n : BUILT_IN) {
            out.add(find(n).orElseThrow());
        }
        for (Profile p : new TreeMap<>(user()).values()) {
            if (!BUILT_IN.contains(p.name())) {
                out.add(p);
            }
        }
        return out;
    }

    public List<String> names() {
        List<String> out = new ArrayList<>(BUILT_IN);
        for (String n : new TreeMap<>(user()).keySet()) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The built-in profile of this name, ignoring user overrides. */
    public Profile builtIn(String name) {
        return builtIns.computeIfAbsent(name, n -> {
            try (InputStream in = ProviderCatalog.class.getResourceAsStream("/dev/hooks/providers/" + n + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("built-in provider " + n + " is missing from the jar");
                }
                return ProfileParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in:" + n + ".json");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read built-in provider " + n, e);
            }
        });
    }

    private Map<String, Profile> user() {
        if (user == null) {
            Map<String, Profile> map = new LinkedHashMap<>();
            for (Path dir : userDirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                    ds.forEach(files::add);
                } catch (IOException e) {
                    throw HooksException.input("cannot list provider directory " + dir + ": " + e.getMessage());
                }
                files.sort(null);
                for (Path f : files) {
                    String text;
                    try {
                        text = Files.readString(f, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw HooksException.input("cannot read provider file " + f + ": " + e.getMessage());
                    }
                    Profile p = ProfileParser.parse(text, f.toString());
                    map.put(p.name(), p);
                }
            }
            user = map;
        }
        return user;
    }
}
