import Foundation
import PostgresNIO

extension PostgresStore: ServerStore {
    public func schemaVersion() async throws -> Int {
        let rows = try await rows("SELECT COALESCE(MAX(version), 0) FROM schema_migration")
        return try rows.first?.decode(Int.self) ?? 0
    }

    public func isReachable() async -> Bool {
        (try? await rows("SELECT 1")) != nil
    }

    /// The secret named `key`, made by `make` and stored the first time: when two nodes start
    /// together, both insert, one row wins, and both return that one.
    public func secret(named key: String, make: @Sendable () -> String) async throws -> String {
        let made = make()
        return try await transaction { connection in
            try await connection.rows("INSERT INTO setting (key, value) VALUES (\(key), \(made)) ON CONFLICT (key) DO NOTHING",
                                      logger: logger)
            let rows = try await connection.rows("SELECT value FROM setting WHERE key = \(key)", logger: logger)
            return try rows[0].decode(String.self)
        }
    }
}
