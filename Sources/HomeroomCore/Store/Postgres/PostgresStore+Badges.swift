import Foundation
import PostgresNIO

/// QR badges on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore: BadgeStore {
    public func issueBadges(_ credentials: [String: BadgeCredential], scope: StudentScope, grades: Set<String>, at now: Date,
                            audit: @Sendable (Student) -> AuditEvent) async throws -> [IssuedBadge] {
        try await transaction { connection in
            var issued: [IssuedBadge] = []
            for (studentID, credential) in credentials.sorted(by: { $0.key < $1.key }) {
                guard let student = try await Self.lockedStudent(studentID, connection, logger: logger), student.active,
                      scope.contains(student), grades.contains(student.grade ?? "") else { continue }
                try await connection.rows("""
                    INSERT INTO badge (student_id, secret_hash, short_hash, issued_at)
                    VALUES (\(studentID), \(Secrets.sha256Hex(credential.secret)), \(Secrets.sha256Hex(credential.shortCode)), \(now.millis))
                    ON CONFLICT (student_id) DO UPDATE SET secret_hash = excluded.secret_hash,
                        short_hash = excluded.short_hash, issued_at = excluded.issued_at
                    """, logger: logger)
                try await Self.insertAudit(audit(student), connection, logger: logger)
                issued.append(IssuedBadge(student: student, credential: credential))
            }
            return issued
        }
    }

    public func revokeBadge(studentID: String, scope: StudentScope, audit: @Sendable (Student) -> AuditEvent) async throws -> Bool {
        try await transaction { connection in
            guard let student = try await Self.lockedStudent(studentID, connection, logger: logger), scope.contains(student),
                  try await connection.changes("DELETE FROM badge WHERE student_id = \(studentID)", logger: logger) == 1
            else { return false }
            try await Self.insertAudit(audit(student), connection, logger: logger)
            return true
        }
    }

    public func badgeHolder(secretHash: String?, shortHash: String?) async throws -> Student? {
        try await rows("""
            SELECT s.* FROM badge b JOIN student s ON s.student_id = b.student_id
            WHERE (b.secret_hash = \(secretHash) OR b.short_hash = \(shortHash)) AND s.active = 1
            """).first?.record(Student.self)
    }

    public func studentsWithBadges(_ studentIDs: [String]) async throws -> Set<String> {
        Set(try await rows("SELECT student_id FROM badge WHERE student_id = ANY(\(studentIDs))").map { try $0.decode(String.self) })
    }

    public func studentsWithCodes(_ studentIDs: [String]) async throws -> Set<String> {
        Set(try await rows("SELECT student_id FROM one_time_code WHERE student_id = ANY(\(studentIDs))").map { try $0.decode(String.self) })
    }
}
