import Foundation
import PostgresNIO

/// What the technician console and the teacher view read on PostgreSQL (see `AppDatabase`'s
/// methods of the same names).
extension PostgresStore {
    public func studentOverview(id: String) async throws -> StudentOverview? {
        try await rows(PostgresQuery(unsafeSQL: StudentOverview.select + " WHERE s.student_id = $1", binds: Self.binds([id])))
            .first.map(StudentOverview.init(postgres:))
    }

    public func homeroom(teacher: String) async throws -> [StudentOverview] {
        try await rows(PostgresQuery(unsafeSQL: StudentOverview.select + """
             WHERE s.homeroom_teacher = $1 AND s.active = 1 ORDER BY s.last_name, s.first_name
            """, binds: Self.binds([teacher]))).map(StudentOverview.init(postgres:))
    }

    public func claimStats() async throws -> [ClaimStat] {
        try await rows("""
            SELECT COALESCE(school, ''), COALESCE(grade, ''),
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

    /// Binds for a statement whose SQL is not an interpolation (it is shared with SQLite).
    static func binds(_ texts: [String]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: texts.count)
        for text in texts { binds.append(text) }
        return binds
    }
}
