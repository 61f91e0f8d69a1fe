package dev.hooks.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooks.store.StoredDelivery.Header;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the history: schema, and mapping between {@link StoredDelivery} and a row of {@code deliveries}.
 * Headers are kept as a JSON array of {@code [name, value]} pairs so that order and repeats survive and the
 * file stays readable with the {@code sqlite3} shell.
 */
final class DeliveryTable {
    /** Written to {@code PRAGMA application_id} so a foreign SQLite file is not mistaken for a history: "hook". */
    static final int APPLICATION_ID = 0x686f6f6b;
    /** {@code PRAGMA user_version} of the schema below; raise it and add a migration step when it changes. */
    static final int SCHEMA_VERSION = 1;

    static final String[] SCHEMA_V1 = {
        createTable("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB", "INTEGER"),
        "CREATE INDEX deliveries_by_event_id ON deliveries (provider, event_id) WHERE event_id IS NOT NULL",
        "CREATE INDEX deliveries_by_event_type ON deliveries (event_type)",
    };

    /**
     * The table of deliveries in a backend's types: its auto-numbered primary key, binary and 64-bit integer columns
     * (SQLite's INTEGER holds 64 bits).
     */
    static String createTable(String seq, String blob, String bigint) {
        return """
            CREATE TABLE deliveries (
                seq              %1$s,
                id               TEXT    NOT NULL UNIQUE,
                received_at      TEXT    NOT NULL,
                kind             TEXT    NOT NULL,
                provider         TEXT,
                method           TEXT    NOT NULL,
                path             TEXT    NOT NULL,
                query            TEXT,
                headers          TEXT    NOT NULL,
                body             %2$-7s NOT NULL,
                event_type       TEXT,
                event_id         TEXT,
                verified         INTEGER,
                reason           TEXT,
                verification     TEXT,
                decrypted        %2$s,
                duplicate        INTEGER NOT NULL,
                status           INTEGER NOT NULL,
                response_headers TEXT    NOT NULL,
                response_body    %2$-7s NOT NULL,
                forwarded_to     TEXT,
                forward_status   INTEGER,
                forward_error    TEXT,
                latency_micros   %3$-7s NOT NULL,
                replay_of        TEXT
            )""".formatted(seq, blob, bigint);
    }

    /** Every column but seq and id, in binding order. */
    static final String DATA_COLUMNS = "received_at, kind, provider, method, path, query, headers, body, "
            + "event_type, event_id, verified, reason, verification, decrypted, duplicate, status, "
            + "response_headers, response_body, forwarded_to, forward_status, forward_error, latency_micros, "
            + "replay_of";
    static final int DATA_COLUMN_COUNT = 23;

    /**
     * Every column of a row, for {@link #read}. {@code listener} is the backend's column of the receiving listener's
     * name, or {@code NULL} where the schema has none (SQLite, which one listener writes).
     */
    static String select(String listener) {
        return "SELECT seq, id, " + DATA_COLUMNS + ", " + listener + " AS listener FROM deliveries";
    }

    /**
     * The columns of {@link #select} with the headers, bodies and verification left unread ({@code length} of a blob
     * reads no content), and the body's length as {@code body_length}: what a listing needs. {@code emptyBlob} is the
     * dialect's literal of an empty blob.
     */
    static String selectSummary(String emptyBlob, String listener) {
        return "SELECT seq, id, received_at, kind, provider, method, path, query, "
                + "'[]' AS headers, " + emptyBlob + " AS body, event_type, event_id, verified, reason, NULL AS verification, "
                + "decrypted, duplicate, status, '[]' AS response_headers, " + emptyBlob + " AS response_body, "
                + "forwarded_to, forward_status, forward_error, latency_micros, replay_of, " + listener + " AS listener, "
                + "length(body) AS body_length FROM deliveries";
    }

    static final String INSERT = "INSERT INTO deliveries (id, " + DATA_COLUMNS + ") VALUES (?"
            + ", ?".repeat(DATA_COLUMN_COUNT) + ")";
    static final String UPDATE = "UPDATE deliveries SET (" + DATA_COLUMNS + ") = ("
            + "?, ".repeat(DATA_COLUMN_COUNT - 1) + "?) WHERE id = ?";
    /**
     * {@link #INSERT} in one statement for the writer: parameters are numbered so the duplicate column (?16) is
     * computed in place from the given flag, the provider (?4) and the event id (?11), and the row's seq and
     * duplicate flag come back with it.
     */
    static final String INSERT_RETURNING;
    /** The rows {@link StoredDelivery#countsForDuplicates} holds for: accepted ones. */
    static final String COUNTS_FOR_DUPLICATES = "(verified IS NOT 0 OR status BETWEEN 200 AND 299)";

    static {
        StringBuilder values = new StringBuilder("?1");
        for (int p = 2; p <= DATA_COLUMN_COUNT + 1; p++) {
            values.append(p == 16
                    ? ", (?16 OR (?11 IS NOT NULL AND EXISTS (SELECT 1 FROM deliveries WHERE provider IS ?4 "
                            + "AND event_id = ?11 AND " + COUNTS_FOR_DUPLICATES + ")))"
                    : ", ?" + p);
        }
        INSERT_RETURNING = "INSERT INTO deliveries (id, " + DATA_COLUMNS + ") VALUES (" + values
                + ") RETURNING seq, duplicate";
    }

    static final String SEQ_OF_ID = "SELECT seq FROM deliveries WHERE id = ?";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryTable() {
    }

    /** Binds the data columns of {@code d} to parameters {@code first .. first+22}. */
    static void bindData(PreparedStatement st, int first, StoredDelivery d) throws SQLException {
        bindData(st, first, d, Encoded.of(d));
    }

    /** The parts of a row that take work to encode, encoded ahead (by the caller's thread, not the writer's). */
    record Encoded(String receivedAt, String headers, String responseHeaders) {
        static Encoded of(StoredDelivery d) {
            return new Encoded(d.receivedAt().toString(), headersToJson(d.headers()), headersToJson(d.responseHeaders()));
        }
    }

    /** {@link #bindData(PreparedStatement, int, StoredDelivery)} with the costly columns already encoded. */
    static void bindData(PreparedStatement st, int first, StoredDelivery d, Encoded e) throws SQLException {
        int i = first;
        st.setString(i++, e.receivedAt());
        st.setString(i++, d.kind());
        st.setString(i++, d.provider());
        st.setString(i++, d.method());
        st.setString(i++, d.path());
        st.setString(i++, d.query());
        st.setString(i++, e.headers());
        st.setBytes(i++, d.bodyBytes());
        st.setString(i++, d.eventType());
        st.setString(i++, d.eventId());
        setNullableInt(st, i++, d.verified() == null ? null : d.verified() ? 1 : 0);
        st.setString(i++, d.reason());
        st.setString(i++, d.verification());
        if (d.decryptedBytes() == null) {
            st.setNull(i++, Types.BINARY);
        } else {
            st.setBytes(i++, d.decryptedBytes());
        }
        st.setInt(i++, d.duplicate() ? 1 : 0);
        st.setInt(i++, d.status());
        st.setString(i++, e.responseHeaders());
        st.setBytes(i++, d.responseBodyBytes());
        st.setString(i++, d.forwardedTo());
        setNullableInt(st, i++, d.forwardStatus());
        st.setString(i++, d.forwardError());
        st.setLong(i++, d.latencyMicros());
        st.setString(i, d.replayOf());
    }

    /** Reads the row under the cursor of a result of {@link #select}. */
    static StoredDelivery read(ResultSet rs) throws SQLException {
        Integer verified = nullableInt(rs, "verified");
        byte[] decrypted = rs.getBytes("decrypted");
        if (decrypted == null && rs.getObject("decrypted") != null) {
            decrypted = new byte[0];
        }
        return new StoredDelivery(
                rs.getLong("seq"),
                rs.getString("id"),
                Instant.parse(rs.getString("received_at")),
                rs.getString("kind"),
                rs.getString("provider"),
                rs.getString("method"),
                rs.getString("path"),
                rs.getString("query"),
                headersFromJson(rs.getString("headers")),
                bytes(rs, "body"),
                rs.getString("event_type"),
                rs.getString("event_id"),
                verified == null ? null : verified != 0,
                rs.getString("reason"),
                rs.getString("verification"),
                decrypted,
                rs.getInt("duplicate") != 0,
                rs.getInt("status"),
                headersFromJson(rs.getString("response_headers")),
                bytes(rs, "response_body"),
                rs.getString("forwarded_to"),
                nullableInt(rs, "forward_status"),
                rs.getString("forward_error"),
                rs.getLong("latency_micros"),
                rs.getString("replay_of"),
                rs.getString("listener"));
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first column of the first row of a query such as a PRAGMA, as text; null when there is no row. */
    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** {@code [["name","value"],...]}, escaped as Jackson would, without going through Jackson. */
    static String headersToJson(List<Header> headers) {
        StringBuilder sb = new StringBuilder(32 + headers.size() * 48);
        sb.append('[');
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            sb.append(i == 0 ? "[" : ",[");
            quote(sb, h.name());
            sb.append(',');
            quote(sb, h.value());
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        sb.append(s, start, s.length()).append('"');
    }

    static List<Header> headersFromJson(String json) throws SQLException {
        try {
            JsonNode root = JSON.readTree(json);
            List<Header> headers = new ArrayList<>(root.size());
            for (JsonNode pair : root) {
                headers.add(new Header(pair.get(0).asText(), pair.get(1).asText()));
            }
            return headers;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SQLException("stored headers are not a JSON array of [name, value] pairs: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ResultSet rs, String column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? new byte[0] : b;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setNullableInt(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }
}
