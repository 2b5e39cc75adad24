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
    public typealias Problems = [String: Message]

    public static let maxNameLength = 100

    public static func parse(_ form: FormFields) -> (typed: Typed, result: Result<ClaimStartForm, FormProblems>) {
        let typed = Typed(lastName: trimmed(form["last_name"]), firstName: trimmed(form["first_name"]),
                          studentID: trimmed(form["student_id"]))
        var problems: Problems = [:]
        problems["last_name"] = nameProblem(typed.lastName, field: "lastName")
        problems["first_name"] = nameProblem(typed.firstName, field: "firstName")
        problems["student_id"] = idProblem(typed.studentID)
        if !problems.isEmpty { return (typed, .failure(FormProblems(fields: problems))) }
        return (typed, .success(ClaimStartForm(lastName: typed.lastName, firstName: typed.firstName,
                                                studentID: typed.studentID)))
    }

    static func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `field` is `lastName` or `firstName`, naming the catalog's messages.
    static func nameProblem(_ name: String, field: String) -> Message? {
        if name.isEmpty { return Message("roster.\(field)Missing") }
        if name.count > maxNameLength { return Message("roster.\(field)TooLong", ["max": String(maxNameLength)]) }
        if hasControlCharacters(name) { return Message("roster.nameCharacters") }
        return nil
    }

    static func idProblem(_ id: String) -> Message? {
        if id.isEmpty { return Message("roster.idMissing") }
        if let first = id.first, first == "s" || first == "S", id.dropFirst().allSatisfy(\.isNumber) {
            return Message("roster.idWithS")
        }
        if id.count != 7 || !id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            return Message("roster.idFormat")
        }
        return nil
    }
}

/// Problems with a form's fields, by field name.
public struct FormProblems: Error, Sendable, Equatable {
    public var fields: [String: Message]
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
    /// Puts each field's problem beside its field, in the page's language.
    mutating func show(_ problems: FormProblems, _ t: Messages) {
        lastNameError = problems.fields["last_name"].map(t.text)
        firstNameError = problems.fields["first_name"].map(t.text)
        studentIDError = problems.fields["student_id"].map(t.text)
        hasFieldErrors = true
    }
}
