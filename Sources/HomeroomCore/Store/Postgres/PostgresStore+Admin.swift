import Foundation
import PostgresNIO

/// What the technician console and the teacher view read and change on PostgreSQL (see
/// `AppDatabase`'s methods of the same names).
extension PostgresStore: AdminStore {
    public func studentOverview(id: String) async throws -> StudentOverview? {
        try await rows(PostgresQuery(unsafeSQL: StudentOverview.select + " WHERE s.student_id = $1", binds: Self.binds([id])))
            .first.map(StudentOverview.init(postgres:))
    }

    public func homeroom(teacher: String) async throws -> [StudentOverview] {
        try await rows(PostgresQuery(unsafeSQL: StudentOverview.select + """
             WHERE s.homeroom_teacher = $1 AND s.active = 1 ORDER BY \(StudentOverview.byName)
            """, binds: Self.binds([teacher]))).map(StudentOverview.init(postgres:))
    }

    /// Schools and grades in byte order, as SQLite sorts them.
    public func claimStats() async throws -> [ClaimStat] {
        try await rows("""
            SELECT COALESCE(school, '') COLLATE "C", COALESCE(grade, '') COLLATE "C",
                   COUNT(*) FILTER (WHERE active = 1 AND claimed_at IS NOT NULL),
                   COUNT(*) FILTER (WHERE active = 1 AND claimed_at IS NULL),
                   COUNT(*) FILTER (WHERE active = 0)
            FROM student GROUP BY 1, 2 ORDER BY 1, 2
            """).map { row in
            let (school, grade, claimed, unclaimed, disabled) = try row.decode((String, String, Int, Int, Int).self)
            return ClaimStat(school: school, grade: grade, claimed: claimed, unclaimed: unclaimed, disabled: disabled)
        }
    }

    /// The gauges at `now`, in one REPEATABLE READ transaction (a snapshot, as SQLite's read is).
    public func gauges(at now: Date, countingStudents: Bool) async throws -> StoreGauges {
        try await transaction(.repeatableRead) { connection in
            var gauges = StoreGauges()
            gauges.studentsCounted = countingStudents
            if countingStudents {
                let counts = try await connection.rows("""
                    SELECT COUNT(*) FILTER (WHERE claimed_at IS NOT NULL), COUNT(*) FILTER (WHERE claimed_at IS NULL)
                    FROM student WHERE active = 1
                    """, logger: logger)[0]
                (gauges.claimedStudents, gauges.unclaimedStudents) = try counts.decode((Int, Int).self)
            }
            gauges.signedInSessions = try await connection.rows("""
                SELECT COUNT(*) FROM web_session WHERE username IS NOT NULL AND (expires_at IS NULL OR expires_at > \(now.millis))
                """, logger: logger)[0].decode(Int.self)
            for row in try await connection.rows("""
                SELECT scope, COUNT(*) FROM throttle_lock WHERE locked_until > \(now.millis) GROUP BY scope
                """, logger: logger) {
                let (scope, count) = try row.decode((String, Int).self)
                if let scope = ThrottleScope(rawValue: scope) { gauges.throttleLocks[scope] = count }
            }
            gauges.lockedAccounts = try await connection.rows("SELECT COUNT(*) FROM account_guard WHERE locked_at IS NOT NULL",
                                                              logger: logger)[0].decode(Int.self)
            return gauges
        }
    }

    /// The student's row is changed first (so a claim at the same moment waits for this one,
    /// then finds the student unclaimed), then its answers, guards, claim throttle and sessions.
    public func resetClaim(studentID: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            guard try await connection.changes("""
                UPDATE student SET password_hash = NULL, claimed_at = NULL, updated_at = \(now.millis) WHERE student_id = \(studentID)
                """, logger: logger) == 1 else { return false }
            try await connection.rows("DELETE FROM challenge_answer WHERE student_id = \(studentID)", logger: logger)
            try await Self.clearGuards(connection, studentIDs: [studentID], logger: logger)
            try await Self.clearThrottle(connection, scope: .claimStudent, key: studentID, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }

    /// Every student's row is changed in one statement that also counts (the claimed ones are
    /// those it unclaims), then every student's guards are cleared and sessions ended, in set-based
    /// statements: a new school year at a million students is a handful of statements.
    public func resetAllStudents(at now: Date, audit: @Sendable (_ claimed: Int, _ total: Int) -> AuditEvent) async throws
        -> (claimed: Int, total: Int) {
        try await transaction { connection in
            let total = try await connection.rows("SELECT COUNT(*) FROM student", logger: logger)[0].decode(Int.self)
            let claimed = try await connection.changes("""
                UPDATE student SET password_hash = NULL, claimed_at = NULL, updated_at = \(now.millis) WHERE claimed_at IS NOT NULL
                """, logger: logger)
            try await connection.rows("DELETE FROM challenge_answer", logger: logger)
            try await connection.rows(PostgresQuery(unsafeSQL: """
                INSERT INTO account_guard (username, session_epoch) SELECT \(StudentUsername.sql("student_id")), 1 FROM student
                ON CONFLICT (username) DO UPDATE SET failed_sign_ins = 0, last_failed_at = NULL, locked_at = NULL,
                    failed_resets = 0, reset_locked_until = NULL, session_epoch = account_guard.session_epoch + 1
                """), logger: logger)
            let usernames = try await connection.rows(PostgresQuery(unsafeSQL: """
                SELECT DISTINCT username FROM oidc_session_client WHERE username LIKE 's%'
                """), logger: logger).map { try $0.decode(String.self) }.filter(StudentUsername.matches)
            try await Self.queueLogouts(connection, usernames: usernames, at: now, logger: logger)
            try await connection.rows("DELETE FROM throttle_lock WHERE scope = \(ThrottleScope.claimStudent.rawValue)", logger: logger)
            try await connection.rows("DELETE FROM throttle_failure WHERE scope = \(ThrottleScope.claimStudent.rawValue)", logger: logger)
            try await Self.insertAudit(audit(claimed, total), connection, logger: logger)
            return (claimed, total)
        }
    }

    /// Binds for a statement whose SQL is not an interpolation (it is shared with SQLite).
    static func binds(_ texts: [String]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: texts.count)
        for text in texts { binds.append(text) }
        return binds
    }
}
