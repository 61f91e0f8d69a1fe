package dev.hooks.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a history holds and what it takes on disk, as {@code hooks events stats} and the inspector show it.
 *
 * @param store      where the history is: a file, or a database URL without its password
 * @param file       whether it is a file (SQLite); else a database's tables, whose size is {@code fileBytes} alone
 * @param deliveries how many requests are recorded (deliveries, handshakes, token requests, replays)
 * @param oldest     when the oldest was received; null when there are none
 * @param newest     when the newest was received; null when there are none
 * @param byProvider how many per provider, by name; {@link #NO_PROVIDER} for requests no provider was recognised in
 * @param byVerdict  how many {@code valid} (signature or credentials checked out), {@code invalid} and {@code unsigned}
 *                   (the scheme has no signature), always in that order
 * @param fileBytes  the size of the database file; in a database, of the history's tables with their indexes and
 *                   TOAST ({@code pg_total_relation_size})
 * @param walBytes   the size of its write-ahead log, 0 when there is none (and in a database)
 * @param freeBytes  how much of the file is free pages, reused by new deliveries or given back by a vacuum; 0 in a
 *                   database, which does not tell
 */
public record HistoryStats(String store, boolean file, long deliveries, Instant oldest, Instant newest, Map<String, Long> byProvider,
                           Map<String, Long> byVerdict, long fileBytes, long walBytes, long freeBytes) {
    /** The key of {@link #byProvider} for requests without a provider. */
    public static final String NO_PROVIDER = "(none)";

    public HistoryStats {
        byProvider = Map.copyOf(byProvider);
        byVerdict = Map.copyOf(byVerdict);
    }

    /** The file and its write-ahead log together: what the history takes on disk. */
    public long bytes() {
        return fileBytes + walBytes;
    }

    /**
     * The fields of the JSON document: {@code store, deliveries, oldest, newest, by_provider, by_verdict, bytes,
     * file_bytes, wal_bytes, free_bytes}, the last three only for a file; providers sorted by count, most first, then by name.
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", store);
        m.put("deliveries", deliveries);
        m.put("oldest", oldest == null ? null : oldest.toString());
        m.put("newest", newest == null ? null : newest.toString());
        Map<String, Long> providers = new LinkedHashMap<>();
        byProvider.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> providers.put(e.getKey(), e.getValue()));
        m.put("by_provider", providers);
        Map<String, Long> verdicts = new LinkedHashMap<>();
        for (String v : new String[] {"valid", "invalid", "unsigned"}) {
            verdicts.put(v, byVerdict.getOrDefault(v, 0L));
        }
        m.put("by_verdict", verdicts);
        m.put("bytes", bytes());
        if (file) {
            m.put("file_bytes", fileBytes);
            m.put("wal_bytes", walBytes);
            m.put("free_bytes", freeBytes);
        }
        return m;
    }
}
