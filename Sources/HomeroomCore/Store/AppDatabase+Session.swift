import Foundation
import GRDB

extension AppDatabase {
    /// The stored value of a live session, nil when absent or expired.
    public func sessionValue(key: String, at now: Date) async throws -> (value: Data, expiresAt: Date?)? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expires_at FROM web_session WHERE key = ?",
                                             arguments: [key]) else { return nil }
            let expiresAt: Date? = row["expires_at"]
            if let expiresAt, expiresAt <= now { return nil }
            return (row["value"], expiresAt)
        }
    }

    /// Writes a session; `expiresAt` nil keeps the expiry it had. With `onlyIfNew`, returns
    /// false instead of overwriting an existing key.
    public func putSession(key: String, value: Data, expiresAt: Date?, onlyIfNew: Bool = false) async throws -> Bool {
        try await writer.write { db in
            if onlyIfNew {
                try db.execute(sql: "INSERT OR IGNORE INTO web_session (key, value, expires_at) VALUES (?, ?, ?)",
                               arguments: [key, value, expiresAt])
                return db.changesCount == 1
            }
            try db.execute(sql: """
                INSERT INTO web_session (key, value, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                    expires_at = COALESCE(excluded.expires_at, web_session.expires_at)
                """, arguments: [key, value, expiresAt])
            return true
        }
    }

    public func deleteSession(key: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE key = ?", arguments: [key])
        }
    }
}
