import Foundation
import GRDB

/// One counter a throttle keeps: a scope, a key (an ID, an address) and its rule.
public struct ThrottleKey: Sendable, Equatable {
    public let scope: ThrottleScope
    public let key: String
    public let rule: ThrottleRule

    public init(scope: ThrottleScope, key: String, rule: ThrottleRule) {
        self.scope = scope
        self.key = key
        self.rule = rule
    }

    /// A key of a per-address scope: the client's `address`, then what is tried from it (a name,
    /// an ID, a username), if the scope counts one. `ThrottleScope.address(inKey:)` reads it back.
    public init(scope: ThrottleScope, address: String, tried: String? = nil, rule: ThrottleRule) {
        self.init(scope: scope, key: tried.map { address + " " + $0 } ?? address, rule: rule)
    }
}

/// What `beginAttempt` decided.
public enum ThrottleDecision: Sendable, Equatable {
    /// Go on; the attempt has been counted as a failure until `forgive` takes it back.
    case allowed(AttemptTicket)
    /// A lock is in force for this scope.
    case throttled(scope: ThrottleScope)
}

/// The failure rows (and locks) an attempt wrote provisionally.
public struct AttemptTicket: Sendable, Equatable {
    let failureIDs: [Int64]
    let locksSet: [ThrottleLockID]
}

struct ThrottleLockID: Sendable, Equatable {
    let scope: ThrottleScope
    let key: String
}

extension AppDatabase {
    /// Counts an attempt as failed before it is checked (so parallel guesses cannot slip past
    /// the limit), or refuses it when a lock is in force. In one transaction for all `keys`.
    public func beginAttempt(_ keys: [ThrottleKey], at now: Date) async throws -> ThrottleDecision {
        try await writer.write { db in try Self.beginAttempt(db, keys, at: now) }
    }

    /// `beginAttempt` inside a transaction of the caller's.
    static func beginAttempt(_ db: Database, _ keys: [ThrottleKey], at now: Date) throws -> ThrottleDecision {
        for key in keys {
            let lockedUntil = try Date.fetchOne(db.cachedStatement(sql: """
                SELECT locked_until FROM throttle_lock WHERE scope = ? AND key = ?
                """), arguments: [key.scope.rawValue, key.key])
            if let lockedUntil, lockedUntil > now { return .throttled(scope: key.scope) }
        }
        var failureIDs: [Int64] = []
        var locksSet: [ThrottleLockID] = []
        for key in keys {
            let since = now.addingTimeInterval(-Double(key.rule.windowMinutes) * 60)
            let recent = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM throttle_failure WHERE scope = ? AND key = ? AND at > ?
                """), arguments: [key.scope.rawValue, key.key, since]) ?? 0
            try db.cachedStatement(sql: "INSERT INTO throttle_failure (scope, key, at) VALUES (?, ?, ?)")
                .execute(arguments: [key.scope.rawValue, key.key, now])
            failureIDs.append(db.lastInsertedRowID)
            if recent + 1 >= key.rule.maxFailures {
                let until = now.addingTimeInterval(Double(key.rule.lockMinutes) * 60)
                try db.cachedStatement(sql: """
                    INSERT INTO throttle_lock (scope, key, locked_until) VALUES (?, ?, ?)
                    ON CONFLICT (scope, key) DO UPDATE SET locked_until = excluded.locked_until
                    """).execute(arguments: [key.scope.rawValue, key.key, until])
                locksSet.append(ThrottleLockID(scope: key.scope, key: key.key))
                if key.scope.isPerAddress {
                    try AuditEvent(at: now, by: Actor(name: nil, address: key.scope.address(inKey: key.key) ?? ""), action: .throttleLock,
                                   subject: key.key, outcome: .throttled, reason: key.scope.rawValue).insert(db)
                }
            }
        }
        return .allowed(AttemptTicket(failureIDs: failureIDs, locksSet: locksSet))
    }

    /// Takes back an attempt that turned out to succeed: its failure rows and any lock it set.
    public func forgive(_ ticket: AttemptTicket) async throws {
        try await writer.write { db in try Self.forgive(db, ticket) }
    }

    static func forgive(_ db: Database, _ ticket: AttemptTicket) throws {
        for id in ticket.failureIDs {
            try db.cachedStatement(sql: "DELETE FROM throttle_failure WHERE id = ?").execute(arguments: [id])
        }
        for lock in ticket.locksSet {
            try db.cachedStatement(sql: "DELETE FROM throttle_lock WHERE scope = ? AND key = ?")
                .execute(arguments: [lock.scope.rawValue, lock.key])
        }
    }

    /// Lifts every lock and forgets every failure of one key (a technician's unlock, a reset),
    /// inside the caller's transaction.
    static func clearThrottle(_ db: Database, scope: ThrottleScope, key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM throttle_failure WHERE scope = ? AND key = ?").execute(arguments: [scope.rawValue, key])
        try db.cachedStatement(sql: "DELETE FROM throttle_lock WHERE scope = ? AND key = ?").execute(arguments: [scope.rawValue, key])
    }

    /// Deletes failures, locks, sessions, pending authorizations, codes and tokens that can no
    /// longer matter, and the sign-in guards of names that are no account once they have been
    /// quiet for `seconds`.
    public func sweep(at now: Date, keepFailuresFor seconds: TimeInterval) async throws {
        try await writer.write { db in
            let before = now.addingTimeInterval(-seconds)
            try db.cachedStatement(sql: "DELETE FROM throttle_failure WHERE at < ?").execute(arguments: [before])
            try db.cachedStatement(sql: "DELETE FROM throttle_lock WHERE locked_until < ?").execute(arguments: [now])
            try db.cachedStatement(sql: "DELETE FROM oidc_pending WHERE expires_at < ?").execute(arguments: [now])
            // Spent codes and tokens are kept a while after they expire, so a replay still revokes its family.
            try db.cachedStatement(sql: "DELETE FROM oidc_code WHERE expires_at < ?").execute(arguments: [before])
            try db.cachedStatement(sql: "DELETE FROM oidc_token WHERE expires_at < ?").execute(arguments: [before])
            try db.cachedStatement(sql: "DELETE FROM web_session WHERE expires_at < ?").execute(arguments: [now])
            try db.cachedStatement(sql: "DELETE FROM daily_request WHERE day < ?")
                .execute(arguments: [CalendarDay.utc(now.addingTimeInterval(-2 * 86400))])
            try db.cachedStatement(sql: """
                DELETE FROM account_guard WHERE locked_at IS NULL AND session_epoch = 0 AND last_failed_at < ?
                    AND username NOT IN (SELECT username FROM staff)
                    AND username NOT IN (SELECT \(StudentUsername.sql("student_id")) FROM student)
                """).execute(arguments: [before])
        }
    }
}
