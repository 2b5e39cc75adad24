import Foundation
import PostgresNIO

/// Students and their claim on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore: ClaimStore {
    public func student(id: String) async throws -> Student? {
        try await rows("SELECT * FROM student WHERE student_id = \(id)").first?.record(Student.self)
    }

    public func answers(studentID: String) async throws -> [ChallengeAnswer] {
        try await rows("""
            SELECT * FROM challenge_answer WHERE student_id = \(studentID) ORDER BY question_id COLLATE "C"
            """).map { try $0.record(ChallengeAnswer.self) }
    }

    /// The claim's guard is one conditional UPDATE: of two nodes claiming the same student at
    /// once, the second waits for the first's row lock and then finds the student claimed, so
    /// exactly one writes the password, the answers and `audit`.
    public func completeClaim(studentID: String, passwordHash: String, answers: [ChallengeAnswer], at now: Date,
                              audit: AuditEvent?) async throws -> Bool {
        try await transaction { connection in
            let claimed = try await connection.rows("""
                UPDATE student SET password_hash = \(passwordHash), claimed_at = \(now.millis), updated_at = \(now.millis)
                WHERE student_id = \(studentID) AND claimed_at IS NULL AND active = 1
                RETURNING student_id
                """, logger: logger)
            guard !claimed.isEmpty else { return false }
            try await Self.writeAnswers(connection, studentID: studentID, answers.filter { $0.studentID == studentID }, logger: logger)
            if let audit { try await Self.insertAudit(audit, connection, logger: logger) }
            return true
        }
    }

    public func audit(_ event: AuditEvent) async throws {
        try await client.withConnection { try await Self.insertAudit(event, $0, logger: logger) }
    }

    public func auditEvents(subject: String?, limit: Int) async throws -> [AuditEvent] {
        try await rows("""
            SELECT * FROM audit_event WHERE \(subject)::text IS NULL OR subject = \(subject)
            ORDER BY id DESC LIMIT \(limit)
            """).map { try $0.record(AuditEvent.self) }
    }

    public func unclaimedStudents(count: Int) async throws -> [Student] {
        try await rows("""
            SELECT * FROM student WHERE claimed_at IS NULL AND active = 1 ORDER BY student_id COLLATE "C" LIMIT \(count)
            """).map { try $0.record(Student.self) }
    }

    /// Replaces the challenge answers of `studentID` with `answers`, in the caller's transaction
    /// (which holds the student's row lock).
    static func writeAnswers(_ connection: PostgresConnection, studentID: String, _ answers: [ChallengeAnswer],
                             logger: Logger) async throws {
        try await connection.rows("DELETE FROM challenge_answer WHERE student_id = \(studentID)", logger: logger)
        guard !answers.isEmpty else { return }
        try await connection.rows("""
            INSERT INTO challenge_answer (student_id, question_id, answer_hash)
            SELECT * FROM unnest(\(answers.map(\.studentID))::text[], \(answers.map(\.questionID))::text[],
                                 \(answers.map(\.answerHash))::text[])
            """, logger: logger)
    }
}
