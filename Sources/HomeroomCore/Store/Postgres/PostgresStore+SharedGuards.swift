import Foundation
import PostgresNIO

/// The in-transaction steps that claims, resets and staff changes share with other areas (the
/// throttles, sign-in, single sign-on): each is `AppDatabase`'s static step of the same name, run
/// in the caller's transaction.
extension PostgresStore {
    /// Counts an attempt against `keys`, or refuses it while one of them is locked
    /// (`AppDatabase.beginAttempt`). It reads before it writes, so it first takes a transaction
    /// advisory lock per key (in one order, so two attempts never deadlock): attempts at the same
    /// key on any node run one after the other, and each statement after the lock sees the last.
    static func beginAttempt(_ connection: PostgresConnection, _ keys: [ThrottleKey], at now: Date,
                             logger: Logger) async throws -> ThrottleDecision {
        try await connection.rows("""
            SELECT pg_advisory_xact_lock(h) FROM (
                SELECT DISTINCT hashtextextended(scope || ' ' || key, 0) AS h
                FROM unnest(\(keys.map(\.scope.rawValue))::text[], \(keys.map(\.key))::text[]) AS t(scope, key)
                ORDER BY h) AS locks
            """, logger: logger)
        for key in keys {
            let lockedUntil = try await connection.rows("""
                SELECT locked_until FROM throttle_lock WHERE scope = \(key.scope.rawValue) AND key = \(key.key)
                """, logger: logger).first?.decode(Int64.self)
            if let lockedUntil, lockedUntil > now.millis { return .throttled(scope: key.scope) }
        }
        var failureIDs: [Int64] = []
        var locksSet: [ThrottleLockID] = []
        for key in keys {
            let since = now.addingTimeInterval(-Double(key.rule.windowMinutes) * 60).millis
            let recent = try await connection.rows("""
                SELECT COUNT(*) FROM throttle_failure WHERE scope = \(key.scope.rawValue) AND key = \(key.key) AND at > \(since)
                """, logger: logger).first?.decode(Int.self) ?? 0
            if let id = try await connection.rows("""
                INSERT INTO throttle_failure (scope, key, at) VALUES (\(key.scope.rawValue), \(key.key), \(now.millis)) RETURNING id
                """, logger: logger).first?.decode(Int64.self) {
                failureIDs.append(id)
            }
            guard recent + 1 >= key.rule.maxFailures else { continue }
            let until = now.addingTimeInterval(Double(key.rule.lockMinutes) * 60).millis
            try await connection.rows("""
                INSERT INTO throttle_lock (scope, key, locked_until) VALUES (\(key.scope.rawValue), \(key.key), \(until))
                ON CONFLICT (scope, key) DO UPDATE SET locked_until = excluded.locked_until
                """, logger: logger)
            locksSet.append(ThrottleLockID(scope: key.scope, key: key.key))
            if key.scope.isPerAddress {
                try await insertAudit(AuditEvent(at: now, by: Actor(name: nil, address: key.scope.address(inKey: key.key) ?? ""),
                                                 action: .throttleLock, subject: key.key, outcome: .throttled, reason: key.scope.rawValue),
                                      connection, logger: logger)
            }
        }
        return .allowed(AttemptTicket(failureIDs: failureIDs, locksSet: locksSet))
    }

    /// Takes back an attempt that succeeded: its failure rows and any lock it set (`AppDatabase.forgive`).
    static func forgive(_ connection: PostgresConnection, _ ticket: AttemptTicket, logger: Logger) async throws {
        try await connection.rows("DELETE FROM throttle_failure WHERE id = ANY(\(ticket.failureIDs))", logger: logger)
        guard !ticket.locksSet.isEmpty else { return }
        try await connection.rows("""
            DELETE FROM throttle_lock l USING unnest(\(ticket.locksSet.map(\.scope.rawValue))::text[], \(ticket.locksSet.map(\.key))::text[])
                AS t(scope, key)
            WHERE l.scope = t.scope AND l.key = t.key
            """, logger: logger)
    }

    /// Ends every session of `username` (`AppDatabase.raiseSessionEpoch`): the epoch goes up, its
    /// browser sessions no longer count as signed in, and its apps are told.
    static func raiseSessionEpoch(_ connection: PostgresConnection, username: String, logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO account_guard (username, session_epoch) VALUES (\(username), 1)
            ON CONFLICT (username) DO UPDATE SET session_epoch = account_guard.session_epoch + 1
            """, logger: logger)
        try await connection.rows("UPDATE web_session SET username = NULL WHERE username = \(username)", logger: logger)
        try await queueLogouts(connection, usernames: [username], at: Date(), logger: logger)
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
}
