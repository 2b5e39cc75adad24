import Foundation
import GRDB

/// What a technician sees of one student: roster fields, the account's state and its locks.
/// Never a password or answer hash.
public struct StudentOverview: Sendable, Equatable, FetchableRecord {
    public let studentID: String
    public let lastName: String
    public let firstName: String
    public let school: String?
    public let grade: String?
    public let homeroomTeacher: String?
    public let active: Bool
    public let claimedAt: Date?
    public let failedSignIns: Int
    public let signInLocked: Bool
    public let resetLockedUntil: Date?
    public let claimLockedUntil: Date?

    init(studentID: String, lastName: String, firstName: String, school: String?, grade: String?, homeroomTeacher: String?,
         active: Bool, claimedAt: Date?, failedSignIns: Int, signInLocked: Bool, resetLockedUntil: Date?, claimLockedUntil: Date?) {
        (self.studentID, self.lastName, self.firstName, self.school, self.grade, self.homeroomTeacher) =
            (studentID, lastName, firstName, school, grade, homeroomTeacher)
        (self.active, self.claimedAt, self.failedSignIns, self.signInLocked, self.resetLockedUntil, self.claimLockedUntil) =
            (active, claimedAt, failedSignIns, signInLocked, resetLockedUntil, claimLockedUntil)
    }

    public init(row: Row) {
        studentID = row["student_id"]
        lastName = row["last_name"]
        firstName = row["first_name"]
        school = row["school"]
        grade = row["grade"]
        homeroomTeacher = row["homeroom_teacher"]
        active = row["active"]
        claimedAt = row["claimed_at"]
        failedSignIns = row["failed_sign_ins"] ?? 0
        signInLocked = (row["locked_at"] as Date?) != nil
        resetLockedUntil = row["reset_locked_until"]
        claimLockedUntil = row["claim_locked_until"]
    }

    public var username: String { StudentUsername.of(studentID) }

    /// "disabled", "claimed" or "unclaimed".
    public var state: String {
        if !active { return "disabled" }
        return claimedAt == nil ? "unclaimed" : "claimed"
    }

    /// Each lock in force at `now`, said so a technician knows why the student cannot get in.
    public func locks(at now: Date) -> [Message] {
        var locks: [Message] = []
        if signInLocked { locks.append(Message("admin.lock.signIn", ["count": String(failedSignIns)])) }
        if let until = resetLockedUntil, until > now { locks.append(Message("admin.lock.reset", ["until": until.formatted(.iso8601)])) }
        if let until = claimLockedUntil, until > now { locks.append(Message("admin.lock.claim", ["until": until.formatted(.iso8601)])) }
        return locks
    }

    /// The query behind every overview; callers add a WHERE clause.
    static let select = """
        SELECT s.student_id, s.last_name, s.first_name, s.school, s.grade, s.homeroom_teacher, s.active, s.claimed_at,
               g.failed_sign_ins, g.locked_at, g.reset_locked_until, t.locked_until AS claim_locked_until
        FROM student s
        LEFT JOIN account_guard g ON g.username = \(StudentUsername.sql("s.student_id"))
        LEFT JOIN throttle_lock t ON t.scope = '\(ThrottleScope.claimStudent.rawValue)' AND t.key = s.student_id
        """
}

/// Claimed and unclaimed accounts of one school and grade.
public struct ClaimStat: Sendable, Equatable, FetchableRecord {
    public let school: String
    public let grade: String
    public let claimed: Int
    public let unclaimed: Int
    public let disabled: Int

    init(school: String, grade: String, claimed: Int, unclaimed: Int, disabled: Int) {
        (self.school, self.grade, self.claimed, self.unclaimed, self.disabled) = (school, grade, claimed, unclaimed, disabled)
    }

    public init(row: Row) {
        school = row["school"]
        grade = row["grade"]
        claimed = row["claimed"]
        unclaimed = row["unclaimed"]
        disabled = row["disabled"]
    }
}
