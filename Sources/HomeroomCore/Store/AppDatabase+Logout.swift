import Foundation
import GRDB

/// A back-channel logout waiting to be delivered to an app.
public struct PendingLogout: Sendable, Equatable {
    public let id: Int64
    public let clientID: String
    public let uri: String
    public let sessionID: String
    public let username: String
    public let attempts: Int
}

extension AppDatabase {
    /// Remembers that the sign-in `sessionID` of `username` was given a code for `clientID`, so
    /// the app hears when that sign-in ends.
    static func rememberSessionClient(_ db: Database, sessionID: String, clientID: String, username: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO oidc_session_client (sid, client_id, username) VALUES (?, ?, ?) ON CONFLICT (sid, client_id) DO NOTHING
            """).execute(arguments: [sessionID, clientID, username])
    }

    /// Queues a logout for every app of the sign-ins chosen by `condition` (on `oidc_session_client`
    /// as `c`) whose registration names a back-channel logout URI, and forgets those sign-ins' apps.
    static func queueLogouts(_ db: Database, where condition: String, _ arguments: StatementArguments, at now: Date) throws {
        try db.execute(sql: """
            INSERT INTO oidc_logout (client_id, uri, sid, username, next_at)
            SELECT c.client_id, json_extract(k.settings, '$.backchannelLogoutURI'), c.sid, c.username, ?
            FROM oidc_session_client c JOIN oidc_client k ON k.client_id = c.client_id
            WHERE json_extract(k.settings, '$.backchannelLogoutURI') IS NOT NULL AND \(condition)
            """, arguments: [now] + arguments)
        try db.execute(sql: "DELETE FROM oidc_session_client AS c WHERE \(condition)", arguments: arguments)
    }

    /// One sign-in ended (a sign-out): its apps are told.
    public func queueLogouts(sessionID: String, at now: Date) async throws {
        try await writer.write { db in try Self.queueLogouts(db, where: "c.sid = ?", [sessionID], at: now) }
    }

    /// Deliveries due at `now`, oldest first.
    public func dueLogouts(at now: Date, limit: Int = 50) async throws -> [PendingLogout] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, client_id, uri, sid, username, attempts FROM oidc_logout WHERE next_at <= ? ORDER BY id LIMIT ?",
                             arguments: [now, limit]).map {
                PendingLogout(id: $0["id"], clientID: $0["client_id"], uri: $0["uri"], sessionID: $0["sid"], username: $0["username"],
                              attempts: $0["attempts"])
            }
        }
    }

    /// The delivery is done (`retryAt` nil), or is to be tried again then.
    public func logoutAttempted(id: Int64, retryAt: Date?) async throws {
        try await writer.write { db in
            if let retryAt {
                try db.execute(sql: "UPDATE oidc_logout SET attempts = attempts + 1, next_at = ? WHERE id = ?", arguments: [retryAt, id])
            } else {
                try db.execute(sql: "DELETE FROM oidc_logout WHERE id = ?", arguments: [id])
            }
        }
    }
}
