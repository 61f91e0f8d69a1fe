package dev.hooks.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The history's files as they were when the store opened them, to tell when they are taken away underneath: deleted,
 * replaced by another file (a new inode at the same path) or made unwritable. SQLite keeps writing to the files it
 * opened whatever happens to their paths, so a commit there would be lost the moment the store closes; the store
 * checks before each commit and after each sync, and fails the rows instead of acknowledging them. The database file
 * is watched from the start, its write-ahead log from when the store first syncs it (SQLite keeps that file, and
 * only truncates it, while any connection is open).
 */
final class FileIdentity {
    private final Path database;
    private final Map<Path, Object> keys = new ConcurrentHashMap<>();

    private FileIdentity(Path database) {
        this.database = database;
    }

    static FileIdentity of(Path database) throws IOException {
        FileIdentity id = new FileIdentity(database);
        id.watch(database);
        return id;
    }

    /** Watches {@code file} too, as it is now. */
    void watch(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        if (key != null) {
            keys.putIfAbsent(file, key);
        }
    }

    /** Why the files are no longer the ones opened, or null when they still are. */
    String lost() {
        for (Map.Entry<Path, Object> e : keys.entrySet()) {
            String what = e.getKey().equals(database) ? "the file" : "its write-ahead log " + e.getKey().getFileName();
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(e.getKey(), BasicFileAttributes.class);
            } catch (NoSuchFileException gone) {
                return what + " was deleted while in use (restart to start a new history)";
            } catch (IOException unreadable) {
                return what + " cannot be read: " + unreadable.getMessage();
            }
            if (!Objects.equals(e.getValue(), a.fileKey())) {
                return what + " was replaced by another while in use (restart to use the new one)";
            }
        }
        if (!Files.isWritable(database)) {
            return "the file is no longer writable";
        }
        return null;
    }
}
