import Foundation
import GRDB

extension AppDatabase {
    /// The stored value of a live session, nil when absent or expired.
    public func sessionValue(key: String, at now: Date) async throws -> (value: Data, expiresAt: Date?)? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT value, expires_at FROM web_session WHERE key = ?"),
                                             arguments: [key]) else { return nil }
            let expiresAt: Date? = row["expires_at"]
            if let expiresAt, expiresAt <= now { return nil }
            return (row["value"], expiresAt)
        }
    }

    /// Writes a session signed in as `username` (nil: not signed in); `expiresAt` nil keeps the
    /// expiry it had. With `onlyIfNew`, returns false instead of overwriting an existing key.
    public func putSession(key: String, value: Data, expiresAt: Date?, username: String?,
                           onlyIfNew: Bool = false) async throws -> Bool {
        try await writer.write { db in
            if onlyIfNew {
                try db.cachedStatement(sql: """
                    INSERT INTO web_session (key, value, expires_at, username) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
                    """).execute(arguments: [key, value, expiresAt, username])
                return db.changesCount == 1
            }
            try db.cachedStatement(sql: """
                INSERT INTO web_session (key, value, expires_at, username) VALUES (?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, username = excluded.username,
                    expires_at = COALESCE(excluded.expires_at, web_session.expires_at)
                """).execute(arguments: [key, value, expiresAt, username])
            return true
        }
    }

    public func deleteSession(key: String) async throws {
        try await writer.write { db in try Self.deleteSession(db, key: key) }
    }

    static func deleteSession(_ db: Database, key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM web_session WHERE key = ?").execute(arguments: [key])
    }
}
