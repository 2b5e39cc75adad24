import Foundation
import GRDB

/// What `beginSignIn` decided for one username.
public enum SignInGate: Sendable, Equatable {
    /// Go on: the attempt is already counted as a failure until `signInSucceeded` says otherwise.
    case allowed(SignInTicket)
    /// Too soon after the last failure: wait until then.
    case delayed(until: Date)
    /// Locked after too many consecutive failures, until unlocked or reset.
    case locked
    /// Too many failures from the client's address.
    case addressThrottled
}

/// One counted sign-in attempt, to be taken back if it succeeds.
public struct SignInTicket: Sendable, Equatable {
    let username: String
    let failuresBefore: Int
    let lastFailedBefore: Date?
    let lockedByThisAttempt: Bool
    /// The attempt as counted against the client's address.
    let address: AttemptTicket?
}

extension AppDatabase {
    /// Counts a sign-in attempt as failed, against the client's `address` and the account, before
    /// the password is checked; or refuses it while either is throttled. One transaction, so
    /// parallel guesses cannot slip by.
    public func beginSignIn(username: String, address: ThrottleKey? = nil, rules: SignInThrottle,
                            at now: Date) async throws -> SignInGate {
        try await writer.write { db in
            var addressTicket: AttemptTicket?
            if let address {
                guard case .allowed(let ticket) = try Self.beginAttempt(db, [address], at: now) else { return .addressThrottled }
                addressTicket = ticket
            }
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT failed_sign_ins, last_failed_at, locked_at FROM account_guard WHERE username = ?
                """), arguments: [username])
            let failures: Int = row?["failed_sign_ins"] ?? 0
            let lastFailed: Date? = row?["last_failed_at"]
            if (row?["locked_at"] as Date?) != nil { return .locked }
            if let lastFailed {
                let until = lastFailed.addingTimeInterval(rules.delay(afterFailures: failures))
                if now < until { return .delayed(until: until) }
            }
            let lock = failures + 1 >= rules.lockAfterFailures
            try db.cachedStatement(sql: """
                INSERT INTO account_guard (username, failed_sign_ins, last_failed_at, locked_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (username) DO UPDATE SET failed_sign_ins = excluded.failed_sign_ins,
                    last_failed_at = excluded.last_failed_at, locked_at = excluded.locked_at
                """).execute(arguments: [username, failures + 1, now, lock ? now : nil])
            return .allowed(SignInTicket(username: username, failuresBefore: failures, lastFailedBefore: lastFailed,
                                         lockedByThisAttempt: lock, address: addressTicket))
        }
    }

    /// The attempt was right, in one transaction: the consecutive-failure counts (sign-in and
    /// reset) start again from zero, the address forgives it, `audit` is written and the session
    /// stored under `endingSession` is deleted. Returns the account's session epoch.
    @discardableResult
    public func signInSucceeded(_ ticket: SignInTicket, audit: AuditEvent? = nil,
                                endingSession: String? = nil) async throws -> Int {
        try await writer.write { db in
            try db.cachedStatement(sql: """
                UPDATE account_guard SET failed_sign_ins = 0, last_failed_at = NULL, failed_resets = 0,
                    locked_at = CASE WHEN ? THEN NULL ELSE locked_at END
                WHERE username = ?
                """).execute(arguments: [ticket.lockedByThisAttempt, ticket.username])
            if let address = ticket.address { try Self.forgive(db, address) }
            try audit?.insert(db)
            if let endingSession { try Self.deleteSession(db, key: endingSession) }
            return try Self.sessionEpoch(db, username: ticket.username)
        }
    }

    /// A sign-in counted by one throttle alone was right (a known device's password, a badge), in
    /// one transaction: that attempt is forgiven, `audit` is written and the session stored under
    /// `endingSession` is deleted. The account's own counts are left alone (they are someone else's
    /// guesses). Returns the epoch.
    public func signInSucceeded(forgiving ticket: AttemptTicket, username: String, audit: AuditEvent,
                                endingSession: String?) async throws -> Int {
        try await writer.write { db in
            try Self.forgive(db, ticket)
            try audit.insert(db)
            if let endingSession { try Self.deleteSession(db, key: endingSession) }
            return try Self.sessionEpoch(db, username: username)
        }
    }

    /// The attempt never ran (e.g. the server was too busy): the count goes back to what it was,
    /// unless another attempt has counted since, and the address forgives it.
    public func signInAbandoned(_ ticket: SignInTicket) async throws {
        try await writer.write { db in
            try db.cachedStatement(sql: """
                UPDATE account_guard SET failed_sign_ins = ?, last_failed_at = ?,
                    locked_at = CASE WHEN ? THEN NULL ELSE locked_at END
                WHERE username = ? AND failed_sign_ins = ?
                """).execute(arguments: [ticket.failuresBefore, ticket.lastFailedBefore, ticket.lockedByThisAttempt,
                                         ticket.username, ticket.failuresBefore + 1])
            if let address = ticket.address { try Self.forgive(db, address) }
        }
    }

    /// Consecutive failed sign-ins of `username` and whether they locked it.
    public func signInFailures(username: String) async throws -> (count: Int, locked: Bool) {
        try await writer.read { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT failed_sign_ins, locked_at FROM account_guard WHERE username = ?"),
                                       arguments: [username])
            return (row?["failed_sign_ins"] ?? 0, (row?["locked_at"] as Date?) != nil)
        }
    }

    /// Lifts the sign-in and reset locks (and a student's claim lock) and forgets the failures:
    /// a technician's unlock, audited in the same transaction.
    public func unlockAccount(username: String, audit: AuditEvent) async throws {
        try await writer.write { db in
            try db.cachedStatement(sql: """
                UPDATE account_guard SET failed_sign_ins = 0, last_failed_at = NULL, locked_at = NULL,
                    failed_resets = 0, reset_locked_until = NULL
                WHERE username = ?
                """).execute(arguments: [username])
            if let id = StudentUsername.studentID(username) { try Self.clearThrottle(db, scope: .claimStudent, key: id) }
            try audit.insert(db)
        }
    }

    /// The account's session epoch: a session made under an older one has been ended.
    public func sessionEpoch(username: String) async throws -> Int {
        try await writer.read { db in try Self.sessionEpoch(db, username: username) }
    }

    static func sessionEpoch(_ db: Database, username: String) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT session_epoch FROM account_guard WHERE username = ?"), arguments: [username]) ?? 0
    }

    /// Ends every session of `username` by raising its epoch, audited in the same transaction.
    public func endSessions(username: String, audit: AuditEvent) async throws {
        try await writer.write { db in
            try Self.raiseSessionEpoch(db, username: username)
            try audit.insert(db)
        }
    }

    /// Ends every session of `username`; the apps of those sessions are told (back-channel logout).
    static func raiseSessionEpoch(_ db: Database, username: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO account_guard (username, session_epoch) VALUES (?, 1)
            ON CONFLICT (username) DO UPDATE SET session_epoch = session_epoch + 1
            """).execute(arguments: [username])
        // The rows stay (the browser is told its session was ended) but no longer count as signed in.
        try db.cachedStatement(sql: "UPDATE web_session SET username = NULL WHERE username = ?").execute(arguments: [username])
        try queueLogouts(db, where: "c.username = ?", [username], at: Date())
    }

    /// Replaces a password hash made with old parameters, only if it is still the one verified.
    public func upgradePasswordHash(username: String, from old: String, to new: String, at now: Date) async throws {
        try await writer.write { db in
            if let id = StudentUsername.studentID(username) {
                try db.cachedStatement(sql: "UPDATE student SET password_hash = ?, updated_at = ? WHERE student_id = ? AND password_hash = ?")
                    .execute(arguments: [new, now, id, old])
            } else {
                try db.cachedStatement(sql: "UPDATE staff SET password_hash = ?, updated_at = ? WHERE username = ? AND password_hash = ?")
                    .execute(arguments: [new, now, username, old])
            }
        }
    }
}
