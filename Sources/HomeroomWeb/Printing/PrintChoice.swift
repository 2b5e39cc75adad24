import Foundation
import HomeroomCore

/// What a "print letters" or "print badges" form asks for: a field `student-<ID>` per listed
/// student whose value is the language of that student's letter or badge (`en`, `es`), or empty
/// for none; and the paper (`paper`: `letter` or `a4`).
struct PrintChoice: Sendable, Equatable {
    /// The field name prefix, then the student ID.
    static let fieldPrefix = "student-"
    /// The most students one page prints: a large homeroom or a page of search results, and a
    /// form of that many fields stays under the form body limit (16 KiB).
    static let maxStudents = 500

    /// Student ID → the language chosen for them.
    let languages: [String: Language]
    let paper: Paper

    /// US Letter or ISO A4 (the print CSS names a page size for each).
    enum Paper: String, Sendable, CaseIterable {
        case letter, a4
    }

    init(form: FormFields) throws {
        var languages: [String: Language] = [:]
        for (name, value) in form.values where name.hasPrefix(Self.fieldPrefix) {
            let id = String(name.dropFirst(Self.fieldPrefix.count))
            guard id.count == 7, id.allSatisfy(\.isASCIIDigit) else { throw PageError.badRequest(Message("print.badStudent")) }
            guard !value.isEmpty else { continue }
            guard let language = Language(rawValue: value) else { throw PageError.badRequest(Message("print.badLanguage")) }
            languages[id] = language
        }
        guard !languages.isEmpty else { throw PageError.badRequest(Message("print.noneChosen")) }
        guard languages.count <= Self.maxStudents else {
            throw PageError.badRequest(Message("print.tooMany", ["max": String(Self.maxStudents)]))
        }
        self.languages = languages
        paper = Paper(rawValue: form["paper"] ?? "") ?? .letter
    }

    var studentIDs: [String] { languages.keys.sorted() }
}

/// One row of a print picker: a student and the select that chooses their letter's language.
struct PrintPickerRow: Sendable {
    let studentID: String
    let name: String
    /// The select's field name, `student-<ID>`.
    let field: String
    /// The select's accessible name ("Letter or badge for NAME").
    let label: String
    let options: [PrintLanguageOption]

    init(studentID: String, name: String, preselected: Language?, t: Messages) {
        self.studentID = studentID
        self.name = name
        field = PrintChoice.fieldPrefix + studentID
        label = t.format("print.pickerLabel", ["name": name])
        options = [PrintLanguageOption(value: "", name: t["print.none"], selected: preselected == nil)]
            + Language.allCases.map { PrintLanguageOption(value: $0.rawValue, name: t["print.language." + $0.rawValue], selected: $0 == preselected) }
    }
}

struct PrintLanguageOption: Sendable {
    let value: String
    let name: String
    let selected: Bool
}

/// The "letters and badges" form under a list of students (`partials/print-picker.mustache`):
/// posts to `<base>/letters`, or `<base>/badges` when some listed student's grade has badges.
struct PrintPicker: Sendable {
    /// `/admin` (technicians) or `/homeroom` (a teacher).
    let base: String
    let rows: [PrintPickerRow]
    let offersBadges: Bool

    /// A picker for `students`, each preselected in `language` (nil: "No").
    init(base: String, students: [StudentOverview], language: Language?, config: AppConfig, t: Messages) {
        self.base = base
        rows = students.map {
            PrintPickerRow(studentID: $0.studentID, name: "\($0.lastName), \($0.firstName)", preselected: language, t: t)
        }
        offersBadges = students.contains { config.badges.grades.contains($0.grade ?? "") }
    }
}
