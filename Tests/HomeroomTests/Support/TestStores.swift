import Foundation
import HomeroomCore
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import GRDB
import Testing
@testable import HomeroomCore

/// The stores a contract test runs against: SQLite always, and PostgreSQL when the tests run
/// with a server (`scripts/with-postgres`, as `make test` runs them, sets
/// `HOMEROOM_TEST_POSTGRES_URL`). Under CI a missing server fails `PostgresTestServerTests`, so
/// the PostgreSQL half cannot go missing unnoticed.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The URL of the test server's own database, when there is one.
    static var serverURL: String? { ProcessInfo.processInfo.environment["HOMEROOM_TEST_POSTGRES_URL"] }

    static var available: [StoreKind] { serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// What the contract tests use of a store: all of it.
typealias ContractStore = HomeroomStore

/// Runs `body` with a new, empty store of `kind` at the current schema: a private in-memory
/// SQLite database, or a PostgreSQL database of its own (copied from a template migrated once),
/// closed after.
func withStore<T>(_ kind: StoreKind, _ body: (any ContractStore) async throws -> T) async throws -> T {
    switch kind {
    case .sqlite:
        return try await body(try AppDatabase.inMemory(schema: packageRoot.schema()))
    case .postgres:
        let store = try await PostgresTestDatabases.shared.makeStore()
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}

/// Runs `body` with a new store of `kind` holding the sample roster (`sampleRosterCSV`).
func withSampleStore(_ kind: StoreKind, at now: Date = Date(), _ body: (any HomeroomStore) async throws -> Void) async throws {
    try await withStore(kind) { (store) async throws in
        _ = try await store.importCSV(sampleRosterCSV, at: now)
        try await body(store)
    }
}

/// Makes a database per test on the test server, each a copy of `homeroom_template` (the schema
/// applied once per test run), so a test starts in milliseconds.
final class PostgresTestDatabases: Sendable {
    static let shared = PostgresTestDatabases()
    private let template = NIOLockedValueBox<Task<Void, any Error>?>(nil)

    /// A new store on a new database; with `icuLocale` (e.g. "en-US"), one made in that locale
    /// and migrated afresh, as a production server's may be (the test cluster's is C.UTF-8).
    func makeStore(icuLocale: String? = nil) async throws -> PostgresStore {
        guard let url = StoreKind.serverURL else { throw Missing() }
        let server = try PostgresLocation(url: url + "?sslmode=disable")
        try await templateReady(server)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let template = icuLocale.map { "template0 LOCALE_PROVIDER icu ICU_LOCALE '\($0)'" } ?? "homeroom_template"
        try await admin(server) { try await $0.rows(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)")) }
        var location = server
        location.database = name
        return try await PostgresStore.open(location, poolSize: 4, schema: packageRoot.schema(.postgres), logger: Self.quiet)
    }

    private func templateReady(_ server: PostgresLocation) async throws {
        let task = template.withLockedValue { task in
            if task == nil {
                task = Task {
                    try await self.admin(server) { store in
                        try await store.rows("DROP DATABASE IF EXISTS homeroom_template")
                        try await store.rows("CREATE DATABASE homeroom_template")
                    }
                    var location = server
                    location.database = "homeroom_template"
                    let store = try await PostgresStore.open(location, poolSize: 1, schema: packageRoot.schema(.postgres), logger: Self.quiet)
                    await store.close()
                }
            }
            return task!
        }
        try await task.value
    }

    private func admin(_ server: PostgresLocation, _ body: (PostgresStore) async throws -> Void) async throws {
        let store = try PostgresStore(server, poolSize: 1, logger: Self.quiet)
        do {
            try await body(store)
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    static let quiet: Logger = {
        var logger = Logger(label: "homeroom.test.postgres")
        logger.logLevel = .critical
        return logger
    }()

    struct Missing: Error, CustomStringConvertible {
        var description: String { "HOMEROOM_TEST_POSTGRES_URL is not set: run the tests with scripts/with-postgres" }
    }
}

extension RosterStore {
    /// Imports the roster CSV `csv` (written to a temporary file) as the commands do.
    func importCSV(_ csv: String, deactivateMissing: Bool = false, dryRun: Bool = false,
                   at now: Date = Date()) async throws -> ImportCounts {
        // A pool of its own: a shared one would turn imports away (`Saturated`) when many tests run at once.
        let pool = BlockingPool(threads: 1, queueLimit: 4)
        let feed = RosterReadAhead(try RosterReader(path: writeTemporaryFile(csv)))
        do {
            let counts = try await importRoster(feed, deactivateMissing: deactivateMissing, deactivating: [], teachers: [],
                                                keepingUnsaid: false, dryRun: dryRun, at: now, pool: pool) { _ in .test(.importRoster) }
            try await pool.shutdown()
            return counts
        } catch {
            try? await pool.shutdown()
            throw error
        }
    }

    /// What a contract test reads of a store directly, by SQL both dialects take: the first
    /// column of the first row of `sql` as text (nil when no row).
    func peek(_ sql: String) async throws -> String? {
        switch self {
        case let sqlite as AppDatabase:
            return try await sqlite.writer.read { try String.fetchOne($0, sql: "SELECT CAST((\(sql)) AS TEXT)") }
        case let postgres as PostgresStore:
            return try await postgres.rows(PostgresQuery(unsafeSQL: "SELECT CAST((\(sql)) AS TEXT)")).first?.decode(String?.self)
        default:
            throw PostgresTestDatabases.Missing()
        }
    }
}
