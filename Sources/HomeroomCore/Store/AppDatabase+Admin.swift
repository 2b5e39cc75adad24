import Foundation
import GRDB

extension AppDatabase {
    /// One student's overview.
    public func studentOverview(id: String) async throws -> StudentOverview? {
        try await writer.read { db in
            try StudentOverview.fetchOne(db, sql: StudentOverview.select + " WHERE s.student_id = ?", arguments: [id])
        }
    }

    /// Returns one student to unclaimed in one transaction with its `audit` event: password and
    /// answers erased, locks and counts cleared, every session ended. False, writing nothing, when
    /// there is no such student.
    public func resetClaim(studentID: String, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE student SET password_hash = NULL, claimed_at = NULL, updated_at = ? WHERE student_id = ?",
                           arguments: [now, studentID])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM challenge_answer WHERE student_id = ?", arguments: [studentID])
            try Self.clearGuards(db, studentsWhere: "student_id = ?", [studentID])
            try Self.clearThrottle(db, scope: .claimStudent, key: studentID)
            try audit.insert(db)
            return true
        }
    }

    /// A new school year: every student back to unclaimed in one transaction (staff untouched),
    /// with the audit event `audit` makes of the counts. Returns how many were claimed, and how
    /// many students there are.
    public func resetAllStudents(at now: Date, audit: @Sendable (_ claimed: Int, _ total: Int) -> AuditEvent) throws
        -> (claimed: Int, total: Int) {
        try writer.write { db in
            let claimed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM student WHERE claimed_at IS NOT NULL") ?? 0
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM student") ?? 0
            try db.execute(sql: "UPDATE student SET password_hash = NULL, claimed_at = NULL, updated_at = ? WHERE claimed_at IS NOT NULL",
                           arguments: [now])
            try db.execute(sql: "DELETE FROM challenge_answer")
            try Self.clearGuards(db, studentsWhere: "1", [])
            try db.execute(sql: "DELETE FROM throttle_lock WHERE scope = ?", arguments: [ThrottleScope.claimStudent.rawValue])
            try db.execute(sql: "DELETE FROM throttle_failure WHERE scope = ?", arguments: [ThrottleScope.claimStudent.rawValue])
            try audit(claimed, total).insert(db)
            return (claimed, total)
        }
    }

    /// Clears the counts and locks of the students matching `condition` and raises their session
    /// epochs, so every session of theirs ends (and their apps are told).
    static func clearGuards(_ db: Database, studentsWhere condition: String, _ arguments: StatementArguments) throws {
        try db.execute(sql: """
            INSERT INTO account_guard (username, session_epoch)
            SELECT \(StudentUsername.sql("student_id")), 1 FROM student WHERE \(condition)
            ON CONFLICT (username) DO UPDATE SET failed_sign_ins = 0, last_failed_at = NULL, locked_at = NULL,
                failed_resets = 0, reset_locked_until = NULL, session_epoch = session_epoch + 1
            """, arguments: arguments)
        try queueLogouts(db, where: "c.username IN (SELECT \(StudentUsername.sql("student_id")) FROM student WHERE \(condition))",
                         arguments, at: Date())
    }

    /// Claimed, unclaimed and disabled accounts per school and grade.
    public func claimStats() throws -> [ClaimStat] {
        try writer.read { db in
            try ClaimStat.fetchAll(db, sql: """
                SELECT COALESCE(school, '') AS school, COALESCE(grade, '') AS grade,
                       SUM(active = 1 AND claimed_at IS NOT NULL) AS claimed,
                       SUM(active = 1 AND claimed_at IS NULL) AS unclaimed,
                       SUM(active = 0) AS disabled
                FROM student GROUP BY 1, 2 ORDER BY 1, 2
                """)
        }
    }

    /// The active students of a teacher's homeroom (`homeroom_teacher` equal to `teacher`), by name.
    public func homeroom(teacher: String) async throws -> [StudentOverview] {
        try await writer.read { db in
            try StudentOverview.fetchAll(db, sql: StudentOverview.select + """
                 WHERE s.homeroom_teacher = ? AND s.active = 1 ORDER BY s.last_name, s.first_name
                """, arguments: [teacher])
        }
    }
}
