import Foundation
import GRDB

/// A row of `student`: the roster's fields and the account's claim.
public struct Student: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "student"

    public var studentID: String
    public var lastName: String
    public var firstName: String
    public var middleName: String
    public var birthDate: String?
    public var grade: String?
    public var school: String?
    public var homeroomTeacher: String?
    public var active: Bool
    public var passwordHash: String?
    public var claimedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case studentID = "student_id", lastName = "last_name", firstName = "first_name"
        case middleName = "middle_name", birthDate = "birth_date", grade, school
        case homeroomTeacher = "homeroom_teacher", active, passwordHash = "password_hash"
        case claimedAt = "claimed_at", createdAt = "created_at", updatedAt = "updated_at"
    }

    /// The username a student signs in with: `s` and the student ID.
    public var username: String { StudentUsername.of(studentID) }
    public var isClaimed: Bool { claimedAt != nil }
}

/// A row of `challenge_answer`: one hashed answer of a claimed student.
public struct ChallengeAnswer: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "challenge_answer"
    public var studentID: String
    public var questionID: String
    public var answerHash: String

    enum CodingKeys: String, CodingKey {
        case studentID = "student_id", questionID = "question_id", answerHash = "answer_hash"
    }

    public init(studentID: String, questionID: String, answerHash: String) {
        self.studentID = studentID
        self.questionID = questionID
        self.answerHash = answerHash
    }
}

/// A row of `audit_event`.
public struct AuditEvent: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit_event"

    /// How an audited attempt ended.
    public enum Outcome: String, Codable, Sendable, DatabaseValueConvertible {
        case success, failure, throttled
    }

    public var id: Int64?
    public var at: Date
    public var clientAddress: String
    public var actor: String?
    public var action: AuditAction
    public var subject: String?
    public var outcome: Outcome
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case id, at, clientAddress = "client_address", actor, action, subject, outcome, reason
    }

    public init(at: Date, by actor: Actor, action: AuditAction, subject: String?, outcome: Outcome, reason: String?) {
        self.at = at
        self.clientAddress = actor.address
        self.actor = actor.name
        self.action = action
        self.subject = subject.map { String($0.prefix(128)) }
        self.outcome = outcome
        self.reason = reason
    }
}
