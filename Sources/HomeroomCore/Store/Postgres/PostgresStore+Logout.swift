import Foundation
import Logging
import PostgresNIO

/// Back-channel logouts on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore {
    /// Remembers that the sign-in `sessionID` of `username` was given a code for `clientID`.
    static func rememberSessionClient(_ connection: PostgresConnection, sessionID: String, clientID: String, username: String,
                                      logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO oidc_session_client (sid, client_id, username) VALUES (\(sessionID), \(clientID), \(username))
            ON CONFLICT (sid, client_id) DO NOTHING
            """, logger: logger)
    }

    /// Queues a back-channel logout for every app of the sign-ins of `usernames` whose
    /// registration names a URI, and forgets those sign-ins' apps (`AppDatabase.queueLogouts`).
    /// One statement, so a sign-in's app recorded meanwhile is either queued or kept.
    static func queueLogouts(_ connection: PostgresConnection, usernames: [String], at now: Date, logger: Logger) async throws {
        try await connection.rows("""
            WITH ended AS (DELETE FROM oidc_session_client WHERE username = ANY(\(usernames)) RETURNING client_id, sid, username)
            INSERT INTO oidc_logout (client_id, uri, sid, username, next_at)
            SELECT e.client_id, k.settings::jsonb ->> 'backchannelLogoutURI', e.sid, e.username, \(now.millis)
            FROM ended e JOIN oidc_client k ON k.client_id = e.client_id
            WHERE k.settings::jsonb ->> 'backchannelLogoutURI' IS NOT NULL
            """, logger: logger)
    }

    public func queueLogouts(sessionID: String, at now: Date) async throws {
        try await rows("""
            WITH ended AS (DELETE FROM oidc_session_client WHERE sid = \(sessionID) RETURNING client_id, sid, username)
            INSERT INTO oidc_logout (client_id, uri, sid, username, next_at)
            SELECT e.client_id, k.settings::jsonb ->> 'backchannelLogoutURI', e.sid, e.username, \(now.millis)
            FROM ended e JOIN oidc_client k ON k.client_id = e.client_id
            WHERE k.settings::jsonb ->> 'backchannelLogoutURI' IS NOT NULL
            """)
    }

    /// The deliveries due at `now`, oldest first, each claimed for this node by the statement
    /// that returns it: its `next_at` moves a minute on (rows another node is claiming are
    /// skipped), so two nodes never deliver the same logout at once, and one that stopped before
    /// `logoutAttempted` leaves it to be tried again a minute later.
    public func dueLogouts(at now: Date, limit: Int) async throws -> [PendingLogout] {
        try await rows("""
            UPDATE oidc_logout SET next_at = \(now.addingTimeInterval(60).millis)
            WHERE id IN (SELECT id FROM oidc_logout WHERE next_at <= \(now.millis) ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING id, client_id, uri, sid, username, attempts
            """).map { row in
            let (id, clientID, uri, sid, username, attempts) = try row.decode((Int64, String, String, String, String, Int).self)
            return PendingLogout(id: id, clientID: clientID, uri: uri, sessionID: sid, username: username, attempts: attempts)
        }.sorted { $0.id < $1.id }
    }

    public func logoutAttempted(id: Int64, retryAt: Date?) async throws {
        if let retryAt {
            try await rows("UPDATE oidc_logout SET attempts = attempts + 1, next_at = \(retryAt.millis) WHERE id = \(id)")
        } else {
            try await rows("DELETE FROM oidc_logout WHERE id = \(id)")
        }
    }
}

extension PostgresStore: SingleSignOnStore, HomeroomStore {}
