import Foundation
import Logging
import PostgresNIO

/// The account guard on PostgreSQL: the rules of `AppDatabase+SignIn`. `beginSignIn` reads the
/// guard before it decides, so it first locks the guard's row (creating it if need be): parallel
/// attempts at one username take their turns and each counts on the count the one before left.
/// Where a change also forgives a throttle, the throttle's rows are written before the guard's,
/// as `beginSignIn` does, so that two transactions never wait for each other in a circle.
extension PostgresStore: SignInStore {
    public func beginSignIn(username: String, address: ThrottleKey?, rules: SignInThrottle, at now: Date) async throws -> SignInGate {
        try await transaction { connection in
            var addressTicket: AttemptTicket?
            if let address {
                guard case .allowed(let ticket) = try await Self.beginAttempt(connection, [address], at: now, logger: logger) else {
                    return .addressThrottled
                }
                addressTicket = ticket
            }
            let guarded = try await connection.rows("""
                INSERT INTO account_guard (username) VALUES (\(username))
                ON CONFLICT (username) DO UPDATE SET username = excluded.username
                RETURNING failed_sign_ins, last_failed_at, locked_at
                """, logger: logger)
            let (failures, lastFailedMillis, lockedAt) = try guarded[0].decode((Int, Int64?, Int64?).self)
            let lastFailed = lastFailedMillis.map(Date.init(millis:))
            if lockedAt != nil { return .locked }
            if let lastFailed {
                let until = lastFailed.addingTimeInterval(rules.delay(afterFailures: failures))
                if now < until { return .delayed(until: until) }
            }
            let lock = failures + 1 >= rules.lockAfterFailures
            try await connection.rows("""
                UPDATE account_guard SET failed_sign_ins = \(failures + 1), last_failed_at = \(now.millis),
                    locked_at = \(lock ? now.millis : nil)
                WHERE username = \(username)
                """, logger: logger)
            return .allowed(SignInTicket(username: username, failuresBefore: failures, lastFailedBefore: lastFailed,
                                         lockedByThisAttempt: lock, address: addressTicket))
        }
    }

    @discardableResult
    public func signInSucceeded(_ ticket: SignInTicket, audit: AuditEvent?, endingSession: String?) async throws -> Int {
        try await transaction { connection in
            if let address = ticket.address { try await Self.forgive(connection, address, logger: logger) }
            try await connection.rows("""
                UPDATE account_guard SET failed_sign_ins = 0, last_failed_at = NULL, failed_resets = 0,
                    locked_at = CASE WHEN \(ticket.lockedByThisAttempt) THEN NULL ELSE locked_at END
                WHERE username = \(ticket.username)
                """, logger: logger)
            if let audit { try await Self.insertAudit(audit, connection, logger: logger) }
            if let endingSession { try await connection.rows("DELETE FROM web_session WHERE key = \(endingSession)", logger: logger) }
            return try await Self.sessionEpoch(connection, username: ticket.username, logger: logger)
        }
    }

    public func signInSucceeded(forgiving ticket: AttemptTicket, username: String, audit: AuditEvent,
                                endingSession: String?) async throws -> Int {
        try await transaction { connection in
            try await Self.forgive(connection, ticket, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            if let endingSession { try await connection.rows("DELETE FROM web_session WHERE key = \(endingSession)", logger: logger) }
            return try await Self.sessionEpoch(connection, username: username, logger: logger)
        }
    }

    /// The count goes back only while it is still the one this attempt made: one guarded UPDATE.
    public func signInAbandoned(_ ticket: SignInTicket) async throws {
        try await transaction { connection in
            if let address = ticket.address { try await Self.forgive(connection, address, logger: logger) }
            try await connection.rows("""
                UPDATE account_guard SET failed_sign_ins = \(ticket.failuresBefore), last_failed_at = \(ticket.lastFailedBefore?.millis),
                    locked_at = CASE WHEN \(ticket.lockedByThisAttempt) THEN NULL ELSE locked_at END
                WHERE username = \(ticket.username) AND failed_sign_ins = \(ticket.failuresBefore + 1)
                """, logger: logger)
        }
    }

    public func signInFailures(username: String) async throws -> (count: Int, locked: Bool) {
        let rows = try await rows("SELECT failed_sign_ins, locked_at FROM account_guard WHERE username = \(username)")
        guard let row = rows.first else { return (0, false) }
        let (count, lockedAt) = try row.decode((Int, Int64?).self)
        return (count, lockedAt != nil)
    }

    public func unlockAccount(username: String, audit: AuditEvent) async throws {
        try await transaction { connection in
            if let id = StudentUsername.studentID(username) {
                try await Self.clearThrottle(connection, scope: .claimStudent, key: id, logger: logger)
            }
            try await connection.rows("""
                UPDATE account_guard SET failed_sign_ins = 0, last_failed_at = NULL, locked_at = NULL,
                    failed_resets = 0, reset_locked_until = NULL
                WHERE username = \(username)
                """, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
        }
    }

    public func sessionEpoch(username: String) async throws -> Int {
        try await client.withConnection { connection in try await Self.sessionEpoch(connection, username: username, logger: logger) }
    }

    static func sessionEpoch(_ connection: PostgresConnection, username: String, logger: Logger) async throws -> Int {
        let rows = try await connection.rows("SELECT session_epoch FROM account_guard WHERE username = \(username)", logger: logger)
        return try rows.first?.decode(Int.self) ?? 0
    }

    public func endSessions(username: String, audit: AuditEvent) async throws {
        try await transaction { connection in
            try await Self.raiseSessionEpoch(connection, username: username, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
        }
    }

    /// Ends every session of `username` in the caller's transaction (see
    /// `AppDatabase.raiseSessionEpoch`); the apps of its sign-ins are told (`queueLogouts`).
    static func raiseSessionEpoch(_ connection: PostgresConnection, username: String, logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO account_guard (username, session_epoch) VALUES (\(username), 1)
            ON CONFLICT (username) DO UPDATE SET session_epoch = account_guard.session_epoch + 1
            """, logger: logger)
        try await connection.rows("UPDATE web_session SET username = NULL WHERE username = \(username)", logger: logger)
        try await queueLogouts(connection, usernames: [username], at: Date(), logger: logger)
    }

    /// Each UPDATE is its own guard: the hash is replaced only while it is still the one verified.
    public func upgradePasswordHash(username: String, from old: String, to new: String, at now: Date) async throws {
        if let id = StudentUsername.studentID(username) {
            try await rows("""
                UPDATE student SET password_hash = \(new), updated_at = \(now.millis) WHERE student_id = \(id) AND password_hash = \(old)
                """)
        } else {
            try await rows("""
                UPDATE staff SET password_hash = \(new), updated_at = \(now.millis) WHERE username = \(username) AND password_hash = \(old)
                """)
        }
    }
}
