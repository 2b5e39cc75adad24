import Foundation
import Logging
import PostgresNIO

/// One-time codes on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore: CodeStore {
    public func issueCodes(_ codes: [String: String], scope: StudentScope, at now: Date, expiresAt: Date,
                           audit: @Sendable (IssuedCode) -> AuditEvent) async throws -> [IssuedCode] {
        try await transaction { connection in
            var issued: [IssuedCode] = []
            for (studentID, code) in codes.sorted(by: { $0.key < $1.key }) {
                guard let student = try await Self.lockedStudent(studentID, connection, logger: logger), student.active,
                      scope.contains(student) else { continue }
                let kind = CodeKind.of(student)
                try await connection.rows("""
                    INSERT INTO one_time_code (student_id, kind, code_hash, issued_at, expires_at)
                    VALUES (\(studentID), \(kind.rawValue), \(OneTimeCode.hash(code)), \(now.millis), \(expiresAt.millis))
                    ON CONFLICT (student_id) DO UPDATE SET kind = excluded.kind, code_hash = excluded.code_hash,
                        issued_at = excluded.issued_at, expires_at = excluded.expires_at
                    """, logger: logger)
                let done = IssuedCode(student: student, kind: kind, code: code, expiresAt: expiresAt)
                try await Self.insertAudit(audit(done), connection, logger: logger)
                issued.append(done)
            }
            return issued
        }
    }

    public func revokeCodes(_ studentIDs: [String], scope: StudentScope,
                            audit: @Sendable (String) -> AuditEvent) async throws -> [String] {
        try await transaction { connection in
            var revoked: [String] = []
            for studentID in studentIDs {
                guard let student = try await Self.lockedStudent(studentID, connection, logger: logger), scope.contains(student),
                      try await connection.changes("DELETE FROM one_time_code WHERE student_id = \(studentID)", logger: logger) == 1
                else { continue }
                try await Self.insertAudit(audit(studentID), connection, logger: logger)
                revoked.append(studentID)
            }
            return revoked
        }
    }

    /// The code's student is locked first, as `issueCodes` and `revokeCodes` lock it before its
    /// code (locking the code first would deadlock with a code re-issued at that moment); the code
    /// is then deleted by a statement that counts: of two nodes using it at once, the second's
    /// DELETE finds no row. As on SQLite, a code found is used up even if its student no longer
    /// qualifies.
    public func redeemCode(hash codeHash: String, kind: CodeKind, at now: Date,
                           audit: @Sendable (Student) -> AuditEvent) async throws -> Student? {
        try await transaction { connection in
            guard let student = try await connection.rows("""
                SELECT s.* FROM one_time_code c JOIN student s ON s.student_id = c.student_id
                WHERE c.code_hash = \(codeHash) AND c.kind = \(kind.rawValue) AND c.expires_at > \(now.millis) FOR UPDATE OF s
                """, logger: logger).first?.record(Student.self),
                try await connection.changes("""
                    DELETE FROM one_time_code WHERE student_id = \(student.studentID) AND code_hash = \(codeHash)
                        AND kind = \(kind.rawValue) AND expires_at > \(now.millis)
                    """, logger: logger) == 1,
                student.active, CodeKind.of(student) == kind else { return nil }
            try await Self.insertAudit(audit(student), connection, logger: logger)
            return student
        }
    }

    public func pendingCode(studentID: String) async throws -> (kind: CodeKind, expiresAt: Date)? {
        guard let row = try await rows("SELECT kind, expires_at FROM one_time_code WHERE student_id = \(studentID)").first else { return nil }
        let (kind, expiresAt) = try row.decode((String, Int64).self)
        return CodeKind(rawValue: kind).map { ($0, Date(millis: expiresAt)) }
    }

    public func activeStudentIDs(school: String, grade: String) async throws -> [String] {
        try await rows("""
            SELECT student_id FROM student WHERE school = \(school) AND grade = \(grade) AND active = 1 ORDER BY student_id
            """).map { try $0.decode(String.self) }
    }

    /// The student `studentID`, its row locked until the caller's transaction ends (so it is not
    /// disabled or claimed meanwhile), or nil.
    static func lockedStudent(_ studentID: String, _ connection: PostgresConnection, logger: Logger) async throws -> Student? {
        try await connection.rows("SELECT * FROM student WHERE student_id = \(studentID) FOR UPDATE", logger: logger)
            .first?.record(Student.self)
    }
}
