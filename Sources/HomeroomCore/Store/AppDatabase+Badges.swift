import Foundation
import GRDB

/// A badge printed: for whom, and what it carries (shown once, on the printed page).
public struct IssuedBadge: Sendable, Equatable {
    public let student: Student
    public let credential: BadgeCredential
}

extension AppDatabase {
    /// Stores a new badge for each of `credentials`' students (student ID → credential) in one
    /// transaction, replacing any badge before it: only active students in `scope` whose grade
    /// is among `grades` get one. `audit` makes each one's event.
    public func issueBadges(_ credentials: [String: BadgeCredential], scope: StudentScope, grades: Set<String>, at now: Date,
                            audit: @Sendable (Student) -> AuditEvent) async throws -> [IssuedBadge] {
        try await writer.write { db in
            var issued: [IssuedBadge] = []
            for (studentID, credential) in credentials.sorted(by: { $0.key < $1.key }) {
                guard let student = try Student.fetchOne(db, key: studentID), student.active, scope.contains(student),
                      grades.contains(student.grade ?? "") else { continue }
                try db.execute(sql: """
                    INSERT INTO badge (student_id, secret_hash, short_hash, issued_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (student_id) DO UPDATE SET secret_hash = excluded.secret_hash,
                        short_hash = excluded.short_hash, issued_at = excluded.issued_at
                    """, arguments: [studentID, Secrets.sha256Hex(credential.secret), Secrets.sha256Hex(credential.shortCode), now])
                try audit(student).insert(db)
                issued.append(IssuedBadge(student: student, credential: credential))
            }
            return issued
        }
    }

    /// Revokes the badge of `studentID` if it is in `scope`; whether there was one.
    public func revokeBadge(studentID: String, scope: StudentScope, audit: @Sendable (Student) -> AuditEvent) async throws -> Bool {
        try await writer.write { db in
            guard let student = try Student.fetchOne(db, key: studentID), scope.contains(student) else { return false }
            try db.execute(sql: "DELETE FROM badge WHERE student_id = ?", arguments: [studentID])
            guard db.changesCount == 1 else { return false }
            try audit(student).insert(db)
            return true
        }
    }

    /// The active student whose badge secret (or short code) hashes to `hash`.
    public func badgeHolder(secretHash: String? = nil, shortHash: String? = nil) async throws -> Student? {
        try await writer.read { db in
            try Student.fetchOne(db, sql: """
                SELECT s.* FROM badge b JOIN student s ON s.student_id = b.student_id
                WHERE (b.secret_hash = ? OR b.short_hash = ?) AND s.active = 1
                """, arguments: [secretHash, shortHash])
        }
    }

    /// Which of `studentIDs` have a badge now.
    public func studentsWithBadges(_ studentIDs: [String]) async throws -> Set<String> {
        try await students(studentIDs, in: "badge")
    }

    /// Which of `studentIDs` have an unused one-time code now (expired ones included).
    public func studentsWithCodes(_ studentIDs: [String]) async throws -> Set<String> {
        try await students(studentIDs, in: "one_time_code")
    }

    /// Which of `studentIDs` have a row in `table` (one keyed by student ID).
    private func students(_ studentIDs: [String], in table: String) async throws -> Set<String> {
        try await writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT student_id FROM \(table) WHERE student_id IN (SELECT value FROM json_each(?))",
                                    arguments: [try Self.jsonArray(studentIDs)]))
        }
    }
}
