import Foundation
import GRDB
import PostgresNIO
@testable import HomeroomCore

extension RosterStore {
    /// Runs `sql` (statements both dialects take) on the store directly: rows a contract test
    /// needs that no ported method writes yet (an app, a password hash).
    func executeForTest(_ sql: String) async throws {
        switch self {
        case let sqlite as AppDatabase:
            try await sqlite.writer.write { try $0.execute(sql: sql) }
        case let postgres as PostgresStore:
            try await postgres.rows(PostgresQuery(unsafeSQL: sql))
        default:
            throw PostgresTestDatabases.Missing()
        }
    }
}
