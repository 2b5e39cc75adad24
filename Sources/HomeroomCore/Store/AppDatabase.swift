import Foundation
import GRDB

/// The one store. It opens the SQLite file in WAL mode, applies `migrations/sqlite` by version, and
/// offers one method per rule-keeping transaction. Nothing above this layer writes SQL.
public final class AppDatabase: Sendable {
    let writer: any DatabaseWriter

    /// The problem with a database that cannot be used.
    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens (creating if need be, mode 0600) the database at `path` and migrates it to `schema`.
    /// A file that other users can read is refused unless `allowReadableByOthers`.
    public static func open(path: String, schema: String, allowReadableByOthers: Bool = false) throws -> AppDatabase {
        try DatabaseFile.prepare(path, allowReadableByOthers: allowReadableByOthers)
        let pool = try DatabasePool(path: path, configuration: configuration())
        return try AppDatabase(pool, schema: schema)
    }

    /// A private in-memory database, for tests.
    public static func inMemory(schema: String) throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()), schema: schema)
    }

    /// Every connection waits up to 10 s for a lock. In WAL mode, `synchronous = NORMAL` syncs at
    /// checkpoints rather than at every commit: the database stays consistent after any crash, and
    /// a power cut may lose only the last moments' writes. Every connection has the search index's
    /// text as an SQL function (`StudentSearchIndex.function`).
    static func configuration() -> Configuration {
        _ = SQLiteProcessSettings.applied
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            db.add(function: StudentSearchIndex.function)
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    init(_ writer: any DatabaseWriter, schema: String) throws {
        self.writer = writer
        let migrator = try Self.migrator(schema: schema)
        let superseded = try writer.read { try migrator.hasBeenSuperseded($0) }
        if superseded {
            throw OpenError(description: "the database was made by a newer Homeroom (its schema is ahead of migrations/sqlite)")
        }
        try migrator.migrate(writer)
    }

    /// Nothing to do: GRDB closes the connections when the last reference to them goes.
    public func close() async {}

    /// The schema version the database is at: the number of the last `-- migrate:N` block applied.
    public func schemaVersion() throws -> Int {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").compactMap(Int.init).max() ?? 0
        }
    }

    /// What the program adds to a block, in the same migration: rows that SQL alone cannot make.
    static let migrationFollowUps: [Int: @Sendable (Database) throws -> Void] = [10: { try StudentSearchIndex.fill($0) }]

    /// One GRDB migration per `-- migrate:N` block of `schema` (`ResourceRoot.schema`: a file of `migrations/sqlite` each), in file order, each followed
    /// by its `migrationFollowUps`.
    static func migrator(schema: String) throws -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        var blocks: [(Int, String)] = []
        for line in schema.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- migrate:") {
                guard let number = Int(line.dropFirst("-- migrate:".count).trimmingCharacters(in: .whitespaces)),
                      number == (blocks.last?.0 ?? 0) + 1 else {
                    throw OpenError(description: "schema: '\(line)' is out of sequence")
                }
                blocks.append((number, ""))
            } else if !blocks.isEmpty {
                blocks[blocks.count - 1].1 += line + "\n"
            }
        }
        guard !blocks.isEmpty else { throw OpenError(description: "the schema has no '-- migrate:1' block") }
        for (number, sql) in blocks {
            migrator.registerMigration(String(number)) { db in
                try db.execute(sql: sql)
                try migrationFollowUps[number]?(db)
            }
        }
        return migrator
    }

    /// `values` as a JSON array: one statement argument that `json_each(?)` turns back into rows,
    /// for `IN` lists of any length.
    static func jsonArray(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }

    /// Whether the database answers; for `/healthz`.
    public func isReachable() async -> Bool {
        (try? await writer.read { try Int.fetchOne($0, sql: "SELECT 1") }) == 1
    }

    /// The server secret named `key`, made with `make` and stored the first time it is asked for.
    public func secret(named key: String, make: @Sendable () -> String) throws -> String {
        try writer.write { db in
            if let value = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) {
                return value
            }
            let value = make()
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?)", arguments: [key, value])
            return value
        }
    }
}
