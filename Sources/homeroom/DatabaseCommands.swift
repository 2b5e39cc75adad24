import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom migrate`: brings the configured database's schema up to date (`serve` does it too,
/// guarded so that nodes starting together apply each step once) and prints its version.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the schema to the configured database (SQLite file or PostgreSQL) and print its version.")

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let settings = try database.settings()
            let root = try ResourceRoot.locate()
            switch try settings.database {
            case .sqlite(let path):
                let store = try AppDatabase.open(path: path, schema: root.schema(.sqlite),
                                                 allowReadableByOthers: settings.allowDatabaseReadableByOthers)
                print("\(path): schema version \(try store.schemaVersion())")
            case .postgres(let location):
                let store = try await PostgresStore.open(location, poolSize: 1, schema: root.schema(.postgres))
                let version = try await store.schemaVersion()
                await store.close()
                print("\(location.redacted): schema version \(version)")
            }
        }
    }
}

/// `homeroom copy-database --from FILE --to postgres://…`: moves a district from SQLite to
/// PostgreSQL, all or nothing, verified by each table's count. Stop the server first.
struct CopyDatabase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-database",
        abstract: "Copy a SQLite database into a new, empty PostgreSQL database (all or nothing, checked by counts).")

    @Option(help: "The SQLite file to copy (it is migrated to the current schema first).") var from: String
    @Option(help: "The PostgreSQL database, as a postgres:// URL (see databaseURL in the README); it must be empty.") var to: String

    func run() async throws {
        try await failing {
            umask(0o077)
            let root = try ResourceRoot.locate()
            guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("\(from) does not exist") }
            let source = try AppDatabase.open(path: from, schema: root.schema(.sqlite))
            let target = try await PostgresStore.open(try PostgresLocation(url: to), poolSize: 1, schema: root.schema(.postgres))
            do {
                let copied = try await DatabaseCopy.copy(from: source, to: target)
                await target.close()
                for (table, rows) in copied { print("\(table)\t\(rows)") }
                print("Copied \(copied.reduce(0) { $0 + $1.rows }) rows into \(try PostgresLocation(url: to).redacted); every count matches.")
            } catch {
                await target.close()
                throw error
            }
        }
    }
}
