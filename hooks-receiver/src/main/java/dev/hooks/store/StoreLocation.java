package dev.hooks.store;

import dev.hooks.HooksException;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A PostgreSQL history's address, taken apart: {@code postgresql://[user[:password]@]host[:port][/db][?param=...]}
 * (also {@code postgres://}) or {@code jdbc:postgresql://host[:port]/db[?user=...&password=...]}. The password is
 * taken out of the URL the driver sees and out of every message: {@link #display} names the database without it and
 * {@link #redact} removes it from the driver's words.
 *
 * @param jdbcUrl what the driver connects to, without user and password
 * @param user who connects
 * @param password the password, or null when none was found (the server may not ask for one)
 * @param display the address for messages: {@code postgresql://user@host:port/db}
 */
record StoreLocation(String jdbcUrl, String user, String password, String display) {

    /** Whether {@code location} names a PostgreSQL database rather than a file. */
    static boolean isPostgres(String location) {
        String l = location.toLowerCase(Locale.ROOT);
        return l.startsWith("postgresql://") || l.startsWith("postgres://") || l.startsWith("jdbc:postgresql://");
    }

    @Override
    public String toString() {
        return display; // never the password
    }

    /** {@code text} with the password, in any form it may appear in, replaced by {@code ***}. */
    String redact(String text) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        String out = text.replace(password, "***");
        String encoded = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        return out.replace(encoded, "***");
    }

    /**
     * Parses {@code location} and finds its password: the variable named by {@code --store-password-env}, else the
     * one in the URL, else {@code PGPASSWORD}, else the first matching line of {@code PGPASSFILE} or
     * {@code ~/.pgpass}, as libpq does.
     *
     * @throws HooksException (exit 2) when the URL cannot be read or the named variable is not set
     */
    static StoreLocation parse(String location, StoreSettings settings) {
        String rest = location.strip();
        boolean jdbc = rest.toLowerCase(Locale.ROOT).startsWith("jdbc:");
        rest = rest.substring(rest.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String db = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            db = decode(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon >= 0 ? info.substring(0, colon) : info);
            password = colon >= 0 ? decode(info.substring(colon + 1)) : null;
        }
        List<String> params = new ArrayList<>();
        if (query != null) {
            for (String p : query.split("&")) {
                int eq = p.indexOf('=');
                String key = eq >= 0 ? p.substring(0, eq) : p;
                String value = eq >= 0 ? decode(p.substring(eq + 1)) : "";
                switch (key) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "" -> { }
                    default -> params.add(p);
                }
            }
        }
        String host = rest.isEmpty() ? "localhost" : rest;
        if (host.contains(",")) {
            throw HooksException.input("--store " + redactedInput(location) + ": give one host");
        }
        String hostOnly = host;
        String port = "5432";
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && !host.endsWith("]")) {
            hostOnly = host.substring(0, colon);
            port = host.substring(colon + 1);
            if (!port.chars().allMatch(Character::isDigit) || port.isEmpty()) {
                throw HooksException.input("--store " + redactedInput(location) + ": the port must be a number");
            }
        }
        java.util.Map<String, String> env = settings.env();
        if (user == null || user.isEmpty()) {
            user = nonBlank(env.get("PGUSER")) ? env.get("PGUSER") : System.getProperty("user.name");
        }
        if (db == null || db.isEmpty()) {
            db = user;
        }
        if (settings.passwordEnv() != null) {
            password = env.get(settings.passwordEnv());
            if (password == null) {
                throw HooksException.input("--store-password-env " + settings.passwordEnv() + ": that variable is not "
                        + "set");
            }
        } else if (password == null) {
            password = nonBlank(env.get("PGPASSWORD")) ? env.get("PGPASSWORD") : pgpass(env, hostOnly, port, db, user);
        }
        String display = "postgresql://" + user + "@" + hostOnly + ":" + port + "/" + db;
        String url = "jdbc:postgresql://" + hostOnly + ":" + port + "/" + db
                + (params.isEmpty() ? "" : "?" + String.join("&", params));
        if (jdbc && !location.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql://")) {
            throw HooksException.input("--store " + redactedInput(location) + ": not a PostgreSQL URL");
        }
        return new StoreLocation(url, user, password, display);
    }

    /** The line of a pgpass file that matches, as libpq reads it: {@code host:port:db:user:password}, {@code *} any. */
    static String pgpass(java.util.Map<String, String> env, String host, String port, String db, String user) {
        Path file;
        if (nonBlank(env.get("PGPASSFILE"))) {
            file = Path.of(env.get("PGPASSFILE"));
        } else if (nonBlank(env.get("HOME"))) {
            file = Path.of(env.get("HOME"), ".pgpass");
        } else {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException none) {
            return null;
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() < 5) {
                continue;
            }
            String h = fields.get(0);
            boolean hostMatches = h.equals("*") || h.equals(host)
                    || (h.equals("localhost") && host.equals("127.0.0.1"));
            if (hostMatches && matches(fields.get(1), port) && matches(fields.get(2), db)
                    && matches(fields.get(3), user)) {
                return fields.get(4);
            }
        }
        return null;
    }

    private static boolean matches(String field, String value) {
        return field.equals("*") || field.equals(value);
    }

    /** A pgpass line's fields: {@code :} separates, {@code \} escapes the next character. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    /** The URL as given, with whatever stands where a password may be replaced by {@code ***}. */
    static String redactedInput(String location) {
        return location.replaceAll("(://[^/@?]*?:)[^/@?]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
