package dev.hooks.store;

import dev.hooks.HooksException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The history in an embedded SQLite file.
 *
 * <h2>Durability</h2>
 * The file is in WAL mode (rollback-journal mode with {@code synchronous=FULL} where WAL is not available). In WAL
 * mode the writer commits with {@code synchronous=NORMAL} (the WAL is written, not synced) and the sync thread of
 * {@link GroupCommitStore} fsyncs the WAL before any of it is acknowledged: a delivery acknowledged survives the
 * process being killed (kill -9) and the machine losing power. A file left behind by a killed process opens normally
 * (SQLite recovers the WAL). Copying the WAL back into the database file (the checkpoint) is mostly done by a thread
 * of its own, so no commit waits for a large copy.
 *
 * <h2>Sharing</h2>
 * Several processes may open the same file (a listener and {@code hooks events}); writers wait for each other up to
 * 10 seconds. Subscribers hear only about writes made through this instance.
 */
final class SqliteStore extends GroupCommitStore {
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    static final int WRITER_CACHE_KIB = 8 * 1024;
    /** How often the checkpointer looks for new commits to copy from the WAL into the database file. */
    static final long CHECKPOINT_EVERY_MILLIS = 100;
    /** The WAL is cut back to this size when it starts over. */
    static final long WAL_SIZE_LIMIT = 64L * 1024 * 1024;

    /** One listener writes the file, so it records no listener name: rows read have none. */
    static final Dialect DIALECT = new Dialect(
            DeliveryTable.select("NULL"),
            DeliveryTable.selectSummary("x''", "NULL"),
            "substr(id, -?) = ?",
            "SELECT 1 FROM deliveries WHERE provider IS ? AND event_id = ? AND "
                    + DeliveryTable.COUNTS_FOR_DUPLICATES + " LIMIT 1");

    private final Path file;
    /** The file as opened, checked before each commit and after each sync. */
    private final FileIdentity identity;
    private final Connection writeConnection;
    private final Connection readConnection;
    /** Checkpoints the WAL into the database file off the writer's path; null when the file is not in WAL mode. */
    private final Connection checkpointConnection;
    private final Thread checkpointer;

    private SqliteStore(Path file, FileIdentity identity, Connection writeConnection, Connection readConnection,
            Connection checkpointConnection) {
        super(file.toString(), DIALECT, file.getFileName().toString());
        this.file = file;
        this.identity = identity;
        this.writeConnection = writeConnection;
        this.readConnection = readConnection;
        this.checkpointConnection = checkpointConnection;
        String name = file.getFileName().toString();
        start(checkpointConnection == null ? null : new WalSync(file), name);
        if (checkpointConnection != null) {
            this.checkpointer = new Thread(this::checkpointLoop, "hooks-store-checkpoint " + name);
            this.checkpointer.setDaemon(true);
            this.checkpointer.start();
        } else {
            this.checkpointer = null;
        }
    }

    /**
     * Opens the history at {@code file}, creating it, its parent directories and the schema when missing.
     * A new directory is made readable by its owner only, and so is a new file, since bodies may hold
     * personal data.
     *
     * @throws HooksException (exit 2) when the file cannot be created or opened, is not a hooks history, or was
     *                        written by a newer version of hooks
     */
    static SqliteStore open(Path file) {
        Path path = file.toAbsolutePath().normalize();
        createFile(path);
        Connection write = null;
        Connection read = null;
        Connection checkpoint = null;
        try {
            write = connect(path);
            // A new file gives pages back to the file system on request (HistoryUpkeep's vacuum), in small steps
            // beside the writer; on a file that already has tables this does nothing.
            DeliveryTable.execute(write, "PRAGMA auto_vacuum = INCREMENTAL");
            // The writer's page cache holds the index pages that inserts touch at random (providers' event ids,
            // event types), so a growing history does not turn each insert into page reads; the reader keeps
            // SQLite's default.
            DeliveryTable.execute(write, "PRAGMA cache_size = -" + WRITER_CACHE_KIB);
            boolean wal = "wal".equalsIgnoreCase(DeliveryTable.scalar(write, "PRAGMA journal_mode = WAL"));
            if (!wal) {
                // Still durable with synchronous=FULL in rollback-journal mode, only slower; keep going.
                DeliveryTable.execute(write, "PRAGMA journal_mode = DELETE");
            }
            ensureSchema(write, path);
            checkIntegrity(write, path);
            read = connect(path);
            if (wal) {
                // Copying the WAL back into the file all at once (every 1000 pages) would stall the commit that
                // crosses the mark, and every delivery waiting on it: a thread of its own copies as commits come,
                // and the writer's own checkpoint at the mark has only the last few pages left to copy before the
                // WAL starts over.
                DeliveryTable.execute(write, "PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
                // The writer's commits write the WAL without syncing it; the store's sync thread fsyncs it before
                // any of them is acknowledged. Checkpoints still sync the WAL before copying it and the database
                // file after, so the WAL never starts over on pages that are not on disk.
                DeliveryTable.execute(write, "PRAGMA synchronous = NORMAL");
                checkpoint = connect(path);
            }
            return new SqliteStore(path, FileIdentity.of(path), write, read, checkpoint);
        } catch (IOException e) {
            closeAll(write, read, checkpoint);
            throw HooksException.input("cannot open history " + path + ": " + e.getMessage());
        } catch (SQLException e) {
            closeAll(write, read, checkpoint);
            throw HooksException.input("cannot open history " + path + ": " + describeSqlite(e));
        } catch (RuntimeException e) {
            closeAll(write, read, checkpoint);
            throw e;
        }
    }

    private static void closeAll(Connection... connections) {
        for (Connection c : connections) {
            closeQuietly(c);
        }
    }

    /** The absolute path of the database file. */
    @Override
    public Optional<Path> file() {
        return Optional.of(file);
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    /**
     * The writer's statements, prepared once and kept for the life of the store (writer thread only): a batch
     * costs BEGIN, one INSERT ... RETURNING per row (the duplicate check and the seq come with it), and COMMIT.
     */
    private PreparedStatement begin;
    private PreparedStatement commit;
    private PreparedStatement insert;
    private PreparedStatement update;
    private PreparedStatement seqOfId;

    @Override
    String lost() {
        return identity.lost();
    }

    @Override
    void begin() throws SQLException {
        if (begin == null) {
            begin = writeConnection.prepareStatement("BEGIN IMMEDIATE");
            commit = writeConnection.prepareStatement("COMMIT");
            insert = writeConnection.prepareStatement(DeliveryTable.INSERT_RETURNING);
            update = writeConnection.prepareStatement(DeliveryTable.UPDATE);
            seqOfId = writeConnection.prepareStatement(DeliveryTable.SEQ_OF_ID);
        }
        begin.execute();
    }

    /**
     * One statement inserts the row, marks it duplicate when a delivery with its provider and event id is already
     * stored (committed, or earlier in this transaction) and returns its seq. A constraint failure (id already
     * stored) undoes just the failed statement.
     */
    @Override
    Inserted insert(String id, StoredDelivery d, DeliveryTable.Encoded encoded) throws SQLException {
        insert.setString(1, id);
        DeliveryTable.bindData(insert, 2, d, encoded);
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            return new Inserted(rs.getLong(1), rs.getInt(2) != 0, null);
        } catch (SQLException e) {
            if (e.getErrorCode() == 19) { // SQLITE_CONSTRAINT, whatever the extended code
                return null;
            }
            throw e;
        }
    }

    @Override
    Long replace(StoredDelivery d, DeliveryTable.Encoded encoded) throws SQLException {
        DeliveryTable.bindData(update, 1, d, encoded);
        update.setString(DeliveryTable.DATA_COLUMN_COUNT + 1, d.id());
        if (update.executeUpdate() == 0) {
            return null;
        }
        seqOfId.setString(1, d.id());
        try (ResultSet rs = seqOfId.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    void commit(List<StoredDelivery> written) throws SQLException {
        commit.execute();
    }

    /** After a failed batch: prepare afresh next time, in case a statement was left mid-step. */
    @Override
    void abandon() {
        closeStatements();
        try {
            DeliveryTable.execute(writeConnection, "ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction left to roll back: SQLite already rolled it back, or BEGIN failed.
        }
    }

    private void closeStatements() {
        for (PreparedStatement st : new PreparedStatement[] {begin, commit, insert, update, seqOfId}) {
            closeQuietly(st);
        }
        begin = commit = insert = update = seqOfId = null;
    }

    @Override
    void writerFinished() {
        closeStatements();
        closeQuietly(writeConnection);
    }

    @Override
    <T> T reading(SqlWork<T> work) throws SQLException {
        synchronized (readConnection) {
            return work.run(readConnection);
        }
    }

    @Override
    void closeResources() {
        if (checkpointer != null) {
            checkpointer.interrupt();
            boolean interrupted = false;
            while (checkpointer.isAlive() && Thread.currentThread() != checkpointer) {
                try {
                    checkpointer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            closeQuietly(checkpointConnection); // the last connection to close folds the WAL into the file
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (readConnection) {
            closeQuietly(readConnection);
        }
    }

    @Override
    String describe(SQLException e) {
        return describeSqlite(e);
    }

    /**
     * Copies committed pages from the WAL into the database file while the writer goes on (a PASSIVE checkpoint
     * neither waits for nor blocks it); the writer starts the WAL over once everything in it has been copied.
     */
    private void checkpointLoop() {
        long seen = commitsSoFar();
        while (!isClosed()) {
            try {
                Thread.sleep(CHECKPOINT_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return; // close() is stopping it
            }
            long now = commitsSoFar();
            if (now != seen) {
                seen = now;
                try {
                    DeliveryTable.scalar(checkpointConnection, "PRAGMA wal_checkpoint(PASSIVE)");
                } catch (SQLException e) {
                    // Nothing is lost: the pages stay in the WAL, and the next round (or closing) copies them.
                }
            }
        }
    }

    /**
     * WAL mode's durability: fsyncs the WAL through a descriptor of its own, opened once (and again after an error):
     * an fsync flushes the file, whichever descriptor wrote it, and the WAL stays the same file while the store's
     * connections hold the database open. Then checks that the file is still the one opened.
     */
    private final class WalSync implements Durability {
        private final Path wal;
        private FileChannel channel;

        WalSync(Path file) {
            this.wal = file.resolveSibling(file.getFileName() + "-wal");
        }

        @Override
        public IOException sync() {
            try {
                boolean fresh = channel == null;
                if (fresh) {
                    channel = FileChannel.open(wal, StandardOpenOption.READ);
                    identity.watch(wal);
                }
                channel.force(false);
                if (fresh) {
                    syncDirectory();
                }
            } catch (IOException e) {
                close();
                return new IOException("cannot sync " + wal + ": " + e.getMessage(), e);
            }
            String lost = identity.lost();
            return lost == null ? null : new IOException(lost);
        }

        /**
         * Makes the names of the WAL and the database file durable too: SQLite syncs the directory only when it
         * syncs a new WAL itself, which with {@code synchronous=NORMAL} it does not. Once per WAL file. Best
         * effort: some file systems cannot sync a directory, and then the file's own sync is all there is.
         */
        private void syncDirectory() {
            try (FileChannel dir = FileChannel.open(wal.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException notSupported) {
                // nothing more can be done here; the data itself is synced
            }
        }

        @Override
        public void close() {
            if (channel != null) {
                closeQuietly(channel);
                channel = null;
            }
        }
    }

    // ---- opening ---------------------------------------------------------------------------------------------

    private static void createFile(Path path) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path parent = path.getParent();
        try {
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix) {
                    Files.createDirectories(parent,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(parent);
                }
            }
            if (Files.isDirectory(path)) {
                throw HooksException.input("cannot open history " + path + ": it is a directory");
            }
            if (posix && !Files.exists(path)) {
                try {
                    Files.createFile(path,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException raced) {
                    // Another process made it first; SQLite will open theirs.
                }
            }
        } catch (IOException e) {
            throw HooksException.input("cannot create history " + path + ": " + describe(e));
        }
    }

    /** What went wrong with a file, in words: no exception class names. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied on " + e.getMessage();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() == null ? f.getReason() : f.getReason() + " (" + f.getFile() + ")";
        }
        return String.valueOf(e.getMessage());
    }

    static Connection connect(Path path) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
        try {
            DeliveryTable.execute(c, "PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            DeliveryTable.execute(c, "PRAGMA synchronous = FULL");
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void ensureSchema(Connection c, Path path) throws SQLException {
        checkOwner(c, path);
        if (version(c, path) == DeliveryTable.SCHEMA_VERSION) {
            return;
        }
        DeliveryTable.execute(c, "BEGIN IMMEDIATE");
        try {
            checkOwner(c, path);
            int version = version(c, path); // again: another process may have created it meanwhile
            if (version == 0) {
                String tables = DeliveryTable.scalar(c, "SELECT count(*) FROM sqlite_schema");
                if (!"0".equals(tables)) {
                    throw HooksException.input("cannot open history " + path + ": it is an SQLite database "
                            + "of something else; pass --store with another file");
                }
                for (String sql : DeliveryTable.SCHEMA_V1) {
                    DeliveryTable.execute(c, sql);
                }
                DeliveryTable.execute(c, "PRAGMA application_id = " + DeliveryTable.APPLICATION_ID);
                DeliveryTable.execute(c, "PRAGMA user_version = " + DeliveryTable.SCHEMA_VERSION);
            }
            // Later versions migrate here, one step at a time: if (version == 1) { ...; user_version = 2 }.
            DeliveryTable.execute(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            try {
                DeliveryTable.execute(c, "ROLLBACK");
            } catch (SQLException ignored) {
                // Nothing to roll back.
            }
            throw e;
        }
    }

    /**
     * Refuses a damaged file at once, rather than at the first read or write of a damaged page: SQLite's quick check
     * of every page's structure (not of the indexes' content), about a second per GiB.
     */
    private static void checkIntegrity(Connection c, Path path) throws SQLException {
        String verdict = DeliveryTable.scalar(c, "PRAGMA quick_check(1)");
        if (!"ok".equalsIgnoreCase(verdict)) {
            throw HooksException.input("cannot open history " + path + ": the file is damaged (" + firstLine(verdict)
                    + "); move it away or pass --store with another file");
        }
    }

    private static String firstLine(String s) {
        String line = s == null ? "no verdict" : s.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    private static void checkOwner(Connection c, Path path) throws SQLException {
        long id = Long.parseLong(DeliveryTable.scalar(c, "PRAGMA application_id"));
        if (id != 0 && id != DeliveryTable.APPLICATION_ID) {
            throw HooksException.input("cannot open history " + path + ": it is an SQLite database of another "
                    + "application; pass --store with another file");
        }
    }

    private static int version(Connection c, Path path) throws SQLException {
        int version = Integer.parseInt(DeliveryTable.scalar(c, "PRAGMA user_version"));
        if (version > DeliveryTable.SCHEMA_VERSION) {
            throw HooksException.input("cannot open history " + path + ": it was written by a newer hooks "
                    + "(schema " + version + ", this one knows " + DeliveryTable.SCHEMA_VERSION + "); upgrade hooks "
                    + "or pass --store with another file");
        }
        return version;
    }

    /** SQLite's message without the JDBC driver's "[SQLITE_XXX] generic text" prefix noise. */
    static String describeSqlite(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int open = m.lastIndexOf('(');
        return open >= 0 && m.endsWith(")") ? m.substring(open + 1, m.length() - 1) : m;
    }
}
