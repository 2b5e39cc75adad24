import Foundation

/// Step 1's fields, checked for format (not yet against the roster).
public struct ClaimStartForm: Sendable, Equatable {
    public var lastName: String
    public var firstName: String
    public var studentID: String

    /// The values as typed (trimmed), to show again when the form fails.
    public struct Typed: Sendable, Equatable {
        public var lastName = "", firstName = "", studentID = ""
    }

    /// Format problems by field name; specific, since they reveal nothing about the roster.
    public typealias Problems = [String: String]

    public static let maxNameLength = 100

    public static func parse(_ form: FormFields) -> (typed: Typed, result: Result<ClaimStartForm, FormProblems>) {
        let typed = Typed(lastName: trimmed(form["last_name"]), firstName: trimmed(form["first_name"]),
                          studentID: trimmed(form["student_id"]))
        var problems: Problems = [:]
        problems["last_name"] = nameProblem(typed.lastName, what: "last name")
        problems["first_name"] = nameProblem(typed.firstName, what: "first name")
        problems["student_id"] = idProblem(typed.studentID)
        if !problems.isEmpty { return (typed, .failure(FormProblems(fields: problems))) }
        return (typed, .success(ClaimStartForm(lastName: typed.lastName, firstName: typed.firstName,
                                                studentID: typed.studentID)))
    }

    static func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func nameProblem(_ name: String, what: String) -> String? {
        if name.isEmpty { return "Type your \(what) as your school has it." }
        if name.count > maxNameLength { return "A \(what) has at most \(maxNameLength) characters." }
        if hasControlCharacters(name) { return "Use letters, spaces, hyphens and apostrophes only." }
        return nil
    }

    static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return "Type your 7-digit student ID." }
        if let first = id.first, first == "s" || first == "S", id.dropFirst().allSatisfy(\.isNumber) {
            return "Numbers only: leave out the S. Your student ID is 7 digits."
        }
        if id.count != 7 || !id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            return "Your student ID is exactly 7 digits, numbers only."
        }
        return nil
    }
}

/// Problems with a form's fields, by field name.
public struct FormProblems: Error, Sendable, Equatable {
    public var fields: [String: String]
}

func hasControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.generalCategory == .control }
}

/// A page with the three roster fields (Claim step 1, Forgot Username) and their problems.
protocol RosterFieldsPage {
    var lastNameError: String? { get set }
    var firstNameError: String? { get set }
    var studentIDError: String? { get set }
    var hasFieldErrors: Bool { get set }
}

extension RosterFieldsPage {
    /// Puts each field's problem beside its field.
    mutating func show(_ problems: FormProblems) {
        lastNameError = problems.fields["last_name"]
        firstNameError = problems.fields["first_name"]
        studentIDError = problems.fields["student_id"]
        hasFieldErrors = true
    }
}
