import Foundation
import GRDB

extension AppDatabase {
    /// The student with this ID, if the roster has one.
    public func student(id: String) async throws -> Student? {
        try await writer.read { db in try Self.student(db, id: id) }
    }

    static func student(_ db: Database, id: String) throws -> Student? {
        try Student.fetchOne(db.cachedStatement(sql: "SELECT * FROM student WHERE student_id = ?"), arguments: [id])
    }

    /// The hashed answers of a student.
    public func answers(studentID: String) async throws -> [ChallengeAnswer] {
        try await writer.read { db in
            try ChallengeAnswer.filter(Column("student_id") == studentID).order(Column("question_id")).fetchAll(db)
        }
    }

    /// Makes a claim real: password hash, answer hashes and claimed state in one transaction.
    ///
    /// The conditional UPDATE (`claimed_at IS NULL AND active = 1`) lets exactly one of two
    /// racing claims win. Returns false, having written nothing, when the account is already
    /// claimed, disabled or gone; `audit`, the success's event, is written with the claim.
    public func completeClaim(studentID: String, passwordHash: String, answers: [ChallengeAnswer], at now: Date,
                              audit: AuditEvent? = nil) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE student SET password_hash = ?, claimed_at = ?, updated_at = ?
                WHERE student_id = ? AND claimed_at IS NULL AND active = 1
                """, arguments: [passwordHash, now, now, studentID])
            guard db.changesCount == 1 else { return false }
            try ChallengeAnswer.filter(Column("student_id") == studentID).deleteAll(db)
            for answer in answers where answer.studentID == studentID {
                try answer.insert(db)
            }
            try audit?.insert(db)
            return true
        }
    }

    /// Appends one event to the audit table.
    public func audit(_ event: AuditEvent) async throws {
        try await writer.write { db in try event.insert(db) }
    }

    /// Audit events, newest first, optionally for one subject.
    public func auditEvents(subject: String? = nil, limit: Int = 100) async throws -> [AuditEvent] {
        try await writer.read { db in
            var request = AuditEvent.order(Column("id").desc).limit(limit)
            if let subject { request = request.filter(Column("subject") == subject) }
            return try request.fetchAll(db)
        }
    }

    /// The first `count` active, unclaimed students by ID: students to try in the demo.
    public func unclaimedStudents(count: Int) throws -> [Student] {
        try writer.read { db in
            try Student.filter(Column("claimed_at") == nil && Column("active") == true)
                .order(Column("student_id")).limit(count).fetchAll(db)
        }
    }
}
