import Foundation
import GRDB

/// What `beginReset` decided for one username.
public enum ResetGate: Sendable, Equatable {
    /// Go on: the attempt already counts as failed until `resetAnswersMatched` takes it back.
    case allowed(ResetTicket)
    /// Self-service reset is locked for this username until then.
    case locked(until: Date)
    /// Too many failures from the client's address.
    case addressThrottled
}

/// One counted reset attempt.
public struct ResetTicket: Sendable, Equatable {
    let username: String
    let failuresBefore: Int
    let lockedByThisAttempt: Bool
    /// The attempt as counted against the client's address.
    let address: AttemptTicket?
}

extension AppDatabase {
    /// Counts a reset attempt as failed, against the client's `address` keys and the account,
    /// before the answers are checked; or refuses it while either is throttled. The
    /// `maxFailures`-th consecutive failure locks reset for `lockFor` seconds. One transaction.
    public func beginReset(username: String, address: [ThrottleKey] = [], maxFailures: Int, lockFor: TimeInterval,
                           at now: Date) async throws -> ResetGate {
        try await writer.write { db in
            var addressTicket: AttemptTicket?
            if !address.isEmpty {
                guard case .allowed(let ticket) = try Self.beginAttempt(db, address, at: now) else { return .addressThrottled }
                addressTicket = ticket
            }
            let row = try Row.fetchOne(db, sql: "SELECT failed_resets, reset_locked_until FROM account_guard WHERE username = ?",
                                       arguments: [username])
            if let until = row?["reset_locked_until"] as Date?, until > now { return .locked(until: until) }
            let before = row?["failed_resets"] as Int? ?? 0
            let failures = before + 1
            let lock = failures >= maxFailures
            try db.execute(sql: """
                INSERT INTO account_guard (username, failed_resets, reset_locked_until) VALUES (?, ?, ?)
                ON CONFLICT (username) DO UPDATE SET failed_resets = excluded.failed_resets,
                    reset_locked_until = excluded.reset_locked_until
                """, arguments: [username, lock ? 0 : failures, lock ? now.addingTimeInterval(lockFor) : nil])
            return .allowed(ResetTicket(username: username, failuresBefore: before, lockedByThisAttempt: lock,
                                        address: addressTicket))
        }
    }

    /// The answers were checked, in one transaction: when they were right the count of failed
    /// resets starts again from zero and the address forgives the attempt; `audit` is written.
    public func resetAnswersChecked(_ ticket: ResetTicket, matched: Bool, audit: AuditEvent) async throws {
        try await writer.write { db in
            if matched {
                try db.execute(sql: """
                    UPDATE account_guard SET failed_resets = 0,
                        reset_locked_until = CASE WHEN ? THEN NULL ELSE reset_locked_until END
                    WHERE username = ?
                    """, arguments: [ticket.lockedByThisAttempt, ticket.username])
                if let address = ticket.address { try Self.forgive(db, address) }
            }
            try audit.insert(db)
        }
    }

    /// The attempt never ran (the server was too busy): the count goes back to what it was, and
    /// the address forgives it.
    public func resetAbandoned(_ ticket: ResetTicket) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE account_guard SET failed_resets = ?,
                    reset_locked_until = CASE WHEN ? THEN NULL ELSE reset_locked_until END
                WHERE username = ?
                """, arguments: [ticket.failuresBefore, ticket.lockedByThisAttempt, ticket.username])
            if let address = ticket.address { try Self.forgive(db, address) }
        }
    }

    /// Consecutive failed resets of `username`, and until when reset is locked.
    public func resetFailures(username: String) async throws -> (count: Int, lockedUntil: Date?) {
        try await writer.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT failed_resets, reset_locked_until FROM account_guard WHERE username = ?",
                                       arguments: [username])
            return (row?["failed_resets"] ?? 0, row?["reset_locked_until"])
        }
    }

    /// Sets a claimed, active student's new password in one transaction: the reset and sign-in
    /// counts and locks are cleared, and every session of the account ends. False, having written
    /// nothing, when the account is no longer claimed and active.
    public func completeReset(studentID: String, passwordHash: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE student SET password_hash = ?, updated_at = ?
                WHERE student_id = ? AND claimed_at IS NOT NULL AND active = 1
                """, arguments: [passwordHash, now, studentID])
            guard db.changesCount == 1 else { return false }
            try Self.clearGuards(db, studentsWhere: "student_id = ?", [studentID])
            try audit.insert(db)
            return true
        }
    }

    /// Replaces a claimed, active student's challenge answers with `answers`, audited, in one
    /// transaction; false (nothing written) when the student is no longer claimed and active.
    public func replaceAnswers(studentID: String, answers: [ChallengeAnswer], audit: AuditEvent) async throws -> Bool {
        try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM student WHERE student_id = ? AND claimed_at IS NOT NULL AND active = 1",
                                    arguments: [studentID]) == true else { return false }
            try db.execute(sql: "DELETE FROM challenge_answer WHERE student_id = ?", arguments: [studentID])
            for answer in answers { try answer.insert(db) }
            try audit.insert(db)
            return true
        }
    }

    /// Counts one request against `limit` before it is served, and returns how many there have
    /// been that day, this one included.
    static func countDailyRequest(_ db: Database, _ limit: DailyLimit) throws -> Int {
        let arguments: StatementArguments = [limit.scope.rawValue, limit.key, limit.day]
        try db.cachedStatement(sql: """
            INSERT INTO daily_request (scope, key, day, count) VALUES (?, ?, ?, 1)
            ON CONFLICT (scope, key, day) DO UPDATE SET count = count + 1
            """).execute(arguments: arguments)
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT count FROM daily_request WHERE scope = ? AND key = ? AND day = ?"),
                                arguments: arguments) ?? 1
    }
}
