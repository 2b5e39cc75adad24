import Foundation
import PostgresNIO

extension PostgresStore: SessionStore {
    public func sessionValue(key: String, at now: Date) async throws -> (value: Data, expiresAt: Date?)? {
        let rows = try await rows("SELECT value, expires_at FROM web_session WHERE key = \(key)")
        guard let row = rows.first else { return nil }
        let (value, expiresAt) = try row.decode((ByteBuffer, Int64?).self)
        if let expiresAt, expiresAt <= now.millis { return nil }
        return (Data(buffer: value), expiresAt.map(Date.init(millis:)))
    }

    public func putSession(key: String, value: Data, expiresAt: Date?, username: String?, onlyIfNew: Bool) async throws -> Bool {
        let bytes = ByteBuffer(data: value), expires = expiresAt?.millis
        return try await transaction { connection in
            if onlyIfNew {
                return try await connection.changes("""
                    INSERT INTO web_session (key, value, expires_at, username) VALUES (\(key), \(bytes), \(expires), \(username))
                    ON CONFLICT (key) DO NOTHING
                    """, logger: logger) == 1
            }
            try await connection.rows("""
                INSERT INTO web_session (key, value, expires_at, username) VALUES (\(key), \(bytes), \(expires), \(username))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, username = excluded.username,
                    expires_at = COALESCE(excluded.expires_at, web_session.expires_at)
                """, logger: logger)
            return true
        }
    }

    public func deleteSession(key: String) async throws {
        try await rows("DELETE FROM web_session WHERE key = \(key)")
    }
}
