import Foundation

/// The three roster fields (last name, first name, student ID) that Claim step 1 and Forgot
/// Username ask for, checked for format (not yet against the roster).
public struct RosterFields: Sendable, Equatable {
    public var lastName: String
    public var firstName: String
    public var studentID: String

    /// The values as typed (trimmed), to show again when the form fails.
    public struct Typed: Sendable, Equatable {
        public var lastName = "", firstName = "", studentID = ""

        public init(lastName: String = "", firstName: String = "", studentID: String = "") {
            self.lastName = lastName
            self.firstName = firstName
            self.studentID = studentID
        }
    }

    /// Format problems by field name; specific, since they reveal nothing about the roster.
    public typealias Problems = [String: Message]

    public static let maxNameLength = 100

    public static func parse(_ form: FormFields) -> (typed: Typed, result: Result<RosterFields, FormProblems>) {
        let typed = Typed(lastName: trimmed(form["last_name"]), firstName: trimmed(form["first_name"]),
                          studentID: trimmed(form["student_id"]))
        var problems: Problems = [:]
        problems["last_name"] = nameProblem(typed.lastName, field: "lastName")
        problems["first_name"] = nameProblem(typed.firstName, field: "firstName")
        problems["student_id"] = idProblem(typed.studentID)
        if !problems.isEmpty { return (typed, .failure(FormProblems(fields: problems))) }
        return (typed, .success(RosterFields(lastName: typed.lastName, firstName: typed.firstName,
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

package func hasControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.generalCategory == .control }
}

extension RosterFields {
    /// The name as the claim throttle per address and name counts it: last and first names folded
    /// (case and accents), so retyping one name differently counts the same.
    public var throttledName: String {
        SearchText.fold(lastName) + "|" + SearchText.fold(firstName)
    }
}
