import Foundation

/// How a OneRoster export's users become students (`homeroom import-roster` of a `.zip` or a
/// folder with `manifest.csv`).
public struct OneRosterSettings: Codable, Sendable, Equatable {
    /// Which field of `users.csv` holds the 7-digit student ID.
    public enum StudentIDField: String, Codable, Sendable, CaseIterable {
        /// `identifier`: the SIS's student number in most exports.
        case identifier
        /// `userIds`: the first `{type:id}` entry whose id is 7 digits.
        case userIds
        case username
        case sourcedId
    }

    public var studentID = StudentIDField.identifier

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        studentID = try c.decodeIfPresent(StudentIDField.self, forKey: .studentID) ?? OneRosterSettings().studentID
    }
}
