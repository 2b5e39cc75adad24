import Foundation
import PostgresNIO

/// Applies the `-- migrate:N` blocks of the PostgreSQL schema (`migrations/postgres`) that the
/// database lacks, each in its own transaction under a transaction-scoped advisory lock, so that
/// several nodes starting together apply each step once: the one that takes the lock first
/// applies it, the others wait, then find it applied. `schema_migration` remembers the steps.
struct PostgresMigrator {
    /// The advisory lock's key: any number, the same on every node ("homeroom" in ASCII).
    static let lockKey: Int64 = 0x686f6d65726f6f6d

    /// Follow-ups the program adds to a step, in its transaction: rows SQL alone cannot make.
    static let followUps: [Int: @Sendable (PostgresConnection, Logger) async throws -> Void] = [
        10: { connection, logger in try await PostgresStore.indexAllNames(connection, logger: logger) },
    ]

    let steps: [(number: Int, sql: String)]

    init(schema: String) throws {
        var steps: [(Int, String)] = []
        for line in schema.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- migrate:") {
                guard let number = Int(line.dropFirst("-- migrate:".count)), number == (steps.last?.0 ?? 0) + 1 else {
                    throw AppDatabase.OpenError(description: "schema: '\(line)' is out of sequence")
                }
                steps.append((number, ""))
            } else if !steps.isEmpty {
                steps[steps.count - 1].1 += line + "\n"
            }
        }
        guard !steps.isEmpty else { throw AppDatabase.OpenError(description: "the schema has no '-- migrate:1' block") }
        self.steps = steps
    }

    /// The statements of a migration file, one at a time as the extended protocol takes them:
    /// split where a line ends with `;` (no migration has one inside a literal), comments left out.
    static func statements(_ sql: String) -> [String] {
        let lines = sql.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
        return lines.joined(separator: "\n").components(separatedBy: ";\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }
            .filter { !$0.isEmpty }
    }

    /// Brings `store`'s database up to the last step; refuses one made by a newer Homeroom.
    func migrate(_ store: PostgresStore) async throws {
        for step in steps {
            try await store.transaction { connection in
                try await connection.rows("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: store.logger)
                try await connection.rows("""
                    CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)
                    """, logger: store.logger)
                let done = try await connection.rows("SELECT 1 FROM schema_migration WHERE version = \(step.number)", logger: store.logger)
                guard done.isEmpty else { return }
                for statement in Self.statements(step.sql) {
                    try await connection.rows(PostgresQuery(unsafeSQL: statement), logger: store.logger)
                }
                try await Self.followUps[step.number]?(connection, store.logger)
                try await connection.rows("INSERT INTO schema_migration (version, applied_at) VALUES (\(step.number), \(Date().millis))",
                                          logger: store.logger)
            }
        }
        let newest = try await store.schemaVersion()
        if newest > steps.count {
            throw AppDatabase.OpenError(description: "the database was made by a newer Homeroom (its schema is ahead of migrations/postgres)")
        }
    }
}
