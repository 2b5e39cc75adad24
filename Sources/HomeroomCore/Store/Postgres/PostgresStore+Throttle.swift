import Foundation
import Logging
import PostgresNIO

/// The throttles on PostgreSQL: the rules of `AppDatabase+Throttle`. Counting a failure reads
/// before it writes (the lock is set by the attempt that reaches the limit), so an attempt first
/// takes a transaction-scoped advisory lock per key: attempts on one key run one after the other
/// across every node, and each counts the failures the ones before it committed.
extension PostgresStore: ThrottleStore {
    public func beginAttempt(_ keys: [ThrottleKey], at now: Date) async throws -> ThrottleDecision {
        try await transaction { connection in try await Self.beginAttempt(connection, keys, at: now, logger: logger) }
    }

    /// `beginAttempt` inside a transaction of the caller's (see `AppDatabase.beginAttempt`).
    static func beginAttempt(_ connection: PostgresConnection, _ keys: [ThrottleKey], at now: Date,
                             logger: Logger) async throws -> ThrottleDecision {
        try await lockThrottleKeys(keys, connection, logger: logger)
        let locked = try await connection.rows("""
            SELECT l.scope, l.key FROM throttle_lock l
            JOIN unnest(\(keys.map(\.scope.rawValue))::text[], \(keys.map(\.key))::text[]) AS k(scope, key)
                ON l.scope = k.scope AND l.key = k.key
            WHERE l.locked_until > \(now.millis)
            """, logger: logger)
        let lockedKeys = Set(try locked.map { try $0.decode((String, String).self) }.map { "\($0.0) \($0.1)" })
        if let first = keys.first(where: { lockedKeys.contains("\($0.scope.rawValue) \($0.key)") }) {
            return .throttled(scope: first.scope)
        }
        var failureIDs: [Int64] = []
        var locksSet: [ThrottleLockID] = []
        for key in keys {
            let since = now.addingTimeInterval(-Double(key.rule.windowMinutes) * 60)
            // The count is of the failures before this one: a statement's CTEs share one snapshot.
            let counted = try await connection.rows("""
                WITH recent AS (
                    SELECT COUNT(*) AS n FROM throttle_failure WHERE scope = \(key.scope.rawValue) AND key = \(key.key) AND at > \(since.millis)
                ), added AS (
                    INSERT INTO throttle_failure (scope, key, at) VALUES (\(key.scope.rawValue), \(key.key), \(now.millis)) RETURNING id
                )
                SELECT added.id, recent.n FROM added, recent
                """, logger: logger)
            let (id, recent) = try counted[0].decode((Int64, Int64).self)
            failureIDs.append(id)
            guard Int(recent) + 1 >= key.rule.maxFailures else { continue }
            let until = now.addingTimeInterval(Double(key.rule.lockMinutes) * 60)
            try await connection.rows("""
                INSERT INTO throttle_lock (scope, key, locked_until) VALUES (\(key.scope.rawValue), \(key.key), \(until.millis))
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

    /// Takes the advisory lock of each key (held until the transaction ends), in one order on
    /// every node so that two attempts on the same keys never wait for each other in a circle.
    private static func lockThrottleKeys(_ keys: [ThrottleKey], _ connection: PostgresConnection, logger: Logger) async throws {
        let names = Set(keys.map { "throttle \($0.scope.rawValue) \($0.key)" }).sorted()
        for name in names {
            try await connection.rows("SELECT pg_advisory_xact_lock(hashtextextended(\(name), 0))", logger: logger)
        }
    }

    public func forgive(_ ticket: AttemptTicket) async throws {
        try await transaction { connection in try await Self.forgive(connection, ticket, logger: logger) }
    }

    /// `forgive` inside a transaction of the caller's.
    static func forgive(_ connection: PostgresConnection, _ ticket: AttemptTicket, logger: Logger) async throws {
        if !ticket.failureIDs.isEmpty {
            try await connection.rows("DELETE FROM throttle_failure WHERE id = ANY(\(ticket.failureIDs))", logger: logger)
        }
        if !ticket.locksSet.isEmpty {
            try await connection.rows("""
                DELETE FROM throttle_lock l USING unnest(\(ticket.locksSet.map(\.scope.rawValue))::text[],
                                                         \(ticket.locksSet.map(\.key))::text[]) AS k(scope, key)
                WHERE l.scope = k.scope AND l.key = k.key
                """, logger: logger)
        }
    }

    /// Lifts every lock and forgets every failure of one key, inside the caller's transaction
    /// (see `AppDatabase.clearThrottle`).
    static func clearThrottle(_ connection: PostgresConnection, scope: ThrottleScope, key: String, logger: Logger) async throws {
        try await connection.rows("DELETE FROM throttle_failure WHERE scope = \(scope.rawValue) AND key = \(key)", logger: logger)
        try await connection.rows("DELETE FROM throttle_lock WHERE scope = \(scope.rawValue) AND key = \(key)", logger: logger)
    }

    /// What can no longer matter, as `AppDatabase.sweep` deletes it. A guard that a sign-in
    /// counts on meanwhile is kept: the delete checks the row's newest version.
    public func sweep(at now: Date, keepFailuresFor seconds: TimeInterval) async throws {
        let before = now.addingTimeInterval(-seconds).millis, at = now.millis
        let oldDay = CalendarDay.utc(now.addingTimeInterval(-2 * 86400))
        try await transaction { connection in
            try await connection.rows("DELETE FROM throttle_failure WHERE at < \(before)", logger: logger)
            try await connection.rows("DELETE FROM throttle_lock WHERE locked_until < \(at)", logger: logger)
            try await connection.rows("DELETE FROM oidc_pending WHERE expires_at < \(at)", logger: logger)
            try await connection.rows("DELETE FROM oidc_code WHERE expires_at < \(before)", logger: logger)
            try await connection.rows("DELETE FROM oidc_token WHERE expires_at < \(before)", logger: logger)
            try await connection.rows("DELETE FROM web_session WHERE expires_at < \(at)", logger: logger)
            try await connection.rows("DELETE FROM daily_request WHERE day < \(oldDay)", logger: logger)
            try await connection.rows("""
                DELETE FROM account_guard WHERE locked_at IS NULL AND session_epoch = 0 AND last_failed_at < \(before)
                    AND username NOT IN (SELECT username FROM staff)
                    AND username NOT IN (SELECT \(unescaped: StudentUsername.sql("student_id")) FROM student)
                """, logger: logger)
        }
    }
}
