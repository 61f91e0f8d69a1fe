package dev.hooks.scheme;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP headers as ordered name/value pairs with case-insensitive lookup; repeated names are kept. */
public final class Headers {
    /** One header line. */
    public record Header(String name, String value) {}

    private final List<Header> list = new ArrayList<>();

    public static Headers of(Map<String, String> map) {
        Headers h = new Headers();
        map.forEach(h::add);
        return h;
    }

    public Headers add(String name, String value) {
        list.add(new Header(name, value));
        return this;
    }

    /** Every value of the header, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (Header h : list) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /** The first value, or null. */
    public String first(String name) {
        for (Header h : list) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    public boolean has(String name) {
        return first(name) != null;
    }

    public List<Header> list() {
        return Collections.unmodifiableList(list);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
