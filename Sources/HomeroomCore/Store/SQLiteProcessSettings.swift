import CSQLiteSettings
import GRDBSQLite

/// SQLite's settings for the whole process, made once, before the first connection opens
/// (`AppDatabase.configuration()` asks for them).
enum SQLiteProcessSettings {
    /// Whether they were made: false only when SQLite was already in use in this process.
    ///
    /// Memory statistics are off. With them on, every allocation and release SQLite makes takes
    /// a process-wide mutex to count itself: about a tenth of a million-student roster import's
    /// time, measured (`make bench`). Homeroom reads none of those counts: it sets no soft heap
    /// limit and does not ask SQLite how much memory it uses.
    static let applied: Bool = homeroom_sqlite_memory_statistics(0) == SQLITE_OK

    /// The memory SQLite says it holds: 0 while its statistics are off.
    static var memoryCounted: Int64 { sqlite3_memory_used() }
}
