import Foundation
import PostgresNIO

/// Self-service resets on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore: RecoveryStore {
    /// The count of failures is read before it is written: the address keys' advisory locks
    /// (`beginAttempt`), then the account's row lock (`FOR UPDATE` on a row made first if there
    /// is none), make attempts at the same account run one after the other on any node.
    public func beginReset(username: String, address: [ThrottleKey], maxFailures: Int, lockFor: TimeInterval,
                           at now: Date) async throws -> ResetGate {
        try await transaction { connection in
            var addressTicket: AttemptTicket?
            if !address.isEmpty {
                guard case .allowed(let ticket) = try await Self.beginAttempt(connection, address, at: now, logger: logger) else {
                    return .addressThrottled
                }
                addressTicket = ticket
            }
            try await connection.rows("""
                INSERT INTO account_guard (username) VALUES (\(username)) ON CONFLICT (username) DO NOTHING
                """, logger: logger)
            let row = try await connection.rows("""
                SELECT failed_resets, reset_locked_until FROM account_guard WHERE username = \(username) FOR UPDATE
                """, logger: logger).first
            let (before, lockedUntil) = try row?.decode((Int, Int64?).self) ?? (0, nil)
            if let lockedUntil, lockedUntil > now.millis { return .locked(until: Date(millis: lockedUntil)) }
            let failures = before + 1
            let lock = failures >= maxFailures
            let until = lock ? now.addingTimeInterval(lockFor).millis : nil
            try await connection.rows("""
                UPDATE account_guard SET failed_resets = \(lock ? 0 : failures), reset_locked_until = \(until)
                WHERE username = \(username)
                """, logger: logger)
            return .allowed(ResetTicket(username: username, failuresBefore: before, lockedByThisAttempt: lock, address: addressTicket))
        }
    }

    public func resetAnswersChecked(_ ticket: ResetTicket, matched: Bool, audit: AuditEvent) async throws {
        try await transaction { connection in
            if matched {
                try await connection.rows("""
                    UPDATE account_guard SET failed_resets = 0,
                        reset_locked_until = CASE WHEN \(ticket.lockedByThisAttempt) THEN NULL ELSE reset_locked_until END
                    WHERE username = \(ticket.username)
                    """, logger: logger)
                if let address = ticket.address { try await Self.forgive(connection, address, logger: logger) }
            }
            try await Self.insertAudit(audit, connection, logger: logger)
        }
    }

    /// As on SQLite, but an attempt that did not lock takes back only itself (one failure) rather
    /// than writing back the count it saw, so an attempt counted meanwhile on another node stays.
    public func resetAbandoned(_ ticket: ResetTicket) async throws {
        try await transaction { connection in
            try await connection.rows("""
                UPDATE account_guard SET
                    failed_resets = CASE WHEN \(ticket.lockedByThisAttempt) THEN \(ticket.failuresBefore)
                                         ELSE GREATEST(failed_resets - 1, 0) END,
                    reset_locked_until = CASE WHEN \(ticket.lockedByThisAttempt) THEN NULL ELSE reset_locked_until END
                WHERE username = \(ticket.username)
                """, logger: logger)
            if let address = ticket.address { try await Self.forgive(connection, address, logger: logger) }
        }
    }

    public func resetFailures(username: String) async throws -> (count: Int, lockedUntil: Date?) {
        let row = try await rows("SELECT failed_resets, reset_locked_until FROM account_guard WHERE username = \(username)").first
        let (count, lockedUntil) = try row?.decode((Int, Int64?).self) ?? (0, nil)
        return (count, lockedUntil.map(Date.init(millis:)))
    }

    public func completeReset(studentID: String, passwordHash: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            let changed = try await connection.rows("""
                UPDATE student SET password_hash = \(passwordHash), updated_at = \(now.millis)
                WHERE student_id = \(studentID) AND claimed_at IS NOT NULL AND active = 1
                RETURNING student_id
                """, logger: logger)
            guard !changed.isEmpty else { return false }
            try await Self.clearGuards(connection, studentIDs: [studentID], logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }

    /// The student's row is locked (`FOR UPDATE`) while its answers are replaced, so a claim reset
    /// or another replacement on another node waits, and the check still holds at the write.
    public func replaceAnswers(studentID: String, answers: [ChallengeAnswer], audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            let student = try await connection.rows("""
                SELECT 1 FROM student WHERE student_id = \(studentID) AND claimed_at IS NOT NULL AND active = 1 FOR UPDATE
                """, logger: logger)
            guard !student.isEmpty else { return false }
            try await Self.writeAnswers(connection, studentID: studentID, answers, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }

    /// Clears the sign-in and reset counts and locks of the students `studentIDs` and ends their
    /// sessions (`AppDatabase.clearGuards`), in the caller's transaction.
    static func clearGuards(_ connection: PostgresConnection, studentIDs: [String], logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO account_guard (username, session_epoch)
            SELECT \(unescaped: StudentUsername.sql("student_id")), 1 FROM student WHERE student_id = ANY(\(studentIDs))
            ON CONFLICT (username) DO UPDATE SET failed_sign_ins = 0, last_failed_at = NULL, locked_at = NULL,
                failed_resets = 0, reset_locked_until = NULL, session_epoch = account_guard.session_epoch + 1
            """, logger: logger)
        try await queueLogouts(connection, usernames: studentIDs.map(StudentUsername.of), at: Date(), logger: logger)
    }
}
