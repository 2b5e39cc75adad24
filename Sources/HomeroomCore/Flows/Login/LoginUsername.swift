import Foundation

/// The username typed on the landing page.
public enum LoginUsername {
    public static let maxLength = 64

    /// The username as stored (trimmed, lower case; seven digits alone become `s` + digits),
    /// or a message saying what to fix. Says nothing about whether the account exists.
    public static func parse(_ raw: String?) -> Result<String, FieldProblem> {
        let trimmed = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !trimmed.isEmpty else { return .failure(FieldProblem(Message("home.usernameMissing"))) }
        guard trimmed.count <= maxLength else {
            return .failure(FieldProblem(Message("home.usernameTooLong", ["max": String(maxLength)])))
        }
        if trimmed.count == 7, trimmed.allSatisfy(\.isASCIIDigit) { return .success(StudentUsername.of(trimmed)) }
        return .success(trimmed)
    }
}

/// One field's problem, said so a student knows what to do.
public struct FieldProblem: Error, Equatable, Sendable {
    public let message: Message
    public init(_ message: Message) { self.message = message }
}

extension Character {
    package var isASCIIDigit: Bool { isASCII && isNumber }
}
