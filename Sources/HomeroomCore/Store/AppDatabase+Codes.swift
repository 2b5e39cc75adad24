import Foundation
import GRDB

/// What a one-time code lets its student do: claim the account, or set a new password.
public enum CodeKind: String, Sendable, Codable, DatabaseValueConvertible {
    case claim, reset

    /// The kind a student's code must be now: claim while unclaimed, reset once claimed.
    public static func of(_ student: Student) -> CodeKind { student.isClaimed ? .reset : .claim }
}

/// A code issued: to whom, which kind, and until when.
public struct IssuedCode: Sendable, Equatable {
    public let student: Student
    public let kind: CodeKind
    /// The code as made (`OneTimeCode.make`); shown once, never stored.
    public let code: String
    public let expiresAt: Date
}

extension AppDatabase {
    /// Issues `codes` (student ID → a new code) in one transaction: each active student's code
    /// replaces any before it, its kind by whether the student has claimed; disabled or unknown
    /// students, and those outside `scope`, get none. `audit` makes each issue's event.
    public func issueCodes(_ codes: [String: String], scope: StudentScope, at now: Date, expiresAt: Date,
                           audit: @Sendable (IssuedCode) -> AuditEvent) async throws -> [IssuedCode] {
        try await writer.write { db in
            var issued: [IssuedCode] = []
            for (studentID, code) in codes.sorted(by: { $0.key < $1.key }) {
                guard let student = try Student.fetchOne(db, key: studentID), student.active, scope.contains(student) else { continue }
                let kind = CodeKind.of(student)
                try db.execute(sql: """
                    INSERT INTO one_time_code (student_id, kind, code_hash, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (student_id) DO UPDATE SET kind = excluded.kind, code_hash = excluded.code_hash,
                        issued_at = excluded.issued_at, expires_at = excluded.expires_at
                    """, arguments: [studentID, kind, OneTimeCode.hash(code), now, expiresAt])
                let done = IssuedCode(student: student, kind: kind, code: code, expiresAt: expiresAt)
                try audit(done).insert(db)
                issued.append(done)
            }
            return issued
        }
    }

    /// Revokes the unused codes of `studentIDs` within `scope`; the IDs that had one, each
    /// audited by `audit`.
    public func revokeCodes(_ studentIDs: [String], scope: StudentScope,
                            audit: @Sendable (String) -> AuditEvent) async throws -> [String] {
        try await writer.write { db in
            var revoked: [String] = []
            for studentID in studentIDs {
                guard let student = try Student.fetchOne(db, key: studentID), scope.contains(student) else { continue }
                try db.execute(sql: "DELETE FROM one_time_code WHERE student_id = ?", arguments: [studentID])
                guard db.changesCount == 1 else { continue }
                try audit(studentID).insert(db)
                revoked.append(studentID)
            }
            return revoked
        }
    }

    /// Uses the code whose hash is `codeHash` if it is of `kind`, unexpired, and its student is
    /// active and (un)claimed as the kind needs: the code is deleted by the same statement that
    /// finds it, so two uses at once cannot both succeed. The student, or nil; `audit` makes the
    /// event of a use, written in the same transaction.
    public func redeemCode(hash codeHash: String, kind: CodeKind, at now: Date,
                           audit: @Sendable (Student) -> AuditEvent) async throws -> Student? {
        try await writer.write { db in
            guard let studentID = try String.fetchOne(db, sql: """
                DELETE FROM one_time_code WHERE code_hash = ? AND kind = ? AND expires_at > ? RETURNING student_id
                """, arguments: [codeHash, kind, now]),
                let student = try Student.fetchOne(db, key: studentID),
                student.active, CodeKind.of(student) == kind else { return nil }
            try audit(student).insert(db)
            return student
        }
    }

    /// When a student's unused code expires, and its kind, if they have one.
    public func pendingCode(studentID: String) async throws -> (kind: CodeKind, expiresAt: Date)? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT kind, expires_at FROM one_time_code WHERE student_id = ?",
                             arguments: [studentID]).map { ($0["kind"], $0["expires_at"]) }
        }
    }
}

extension AppDatabase {
    /// The active students of one school and grade, by ID: whom `homeroom codes issue --school
    /// --grade` gives codes.
    public func activeStudentIDs(school: String, grade: String) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT student_id FROM student WHERE school = ? AND grade = ? AND active = 1 ORDER BY student_id
                """, arguments: [school, grade])
        }
    }
}
