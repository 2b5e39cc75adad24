import Foundation

/// The one rule for student usernames: `s` followed by the 7-digit student ID. Swift and SQL both
/// build and read them here.
public enum StudentUsername {
    static let prefix = "s"

    /// The username of the student with this ID.
    public static func of(_ studentID: String) -> String { prefix + studentID }

    /// The same rule in SQL, for a column or expression holding a student ID.
    static func sql(_ studentIDColumn: String) -> String { "'\(prefix)' || \(studentIDColumn)" }

    public static func matches(_ username: String) -> Bool {
        let bytes = username.utf8
        return bytes.count == 8 && bytes.first == UInt8(ascii: "s") && bytes.dropFirst().allSatisfy { (48...57).contains($0) }
    }

    /// The student ID of a student username, nil for any other name.
    public static func studentID(_ username: String) -> String? {
        matches(username) ? String(username.dropFirst(prefix.count)) : nil
    }
}
