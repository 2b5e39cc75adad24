import Foundation
import HomeroomCore

/// One question on `claim/questions.mustache` and `recovery/answers.mustache`, in the page's
/// language, with the input its kind of answer needs.
struct QuestionField: Sendable {
    /// An option of a select.
    struct Option: Sendable {
        let value: String
        let label: String
    }

    let name: String
    let prompt: String
    let hint: String
    let isText: Bool
    let isYear: Bool
    let options: [Option]
    let hasOptions: Bool
    /// The first, empty option of a select.
    let blankLabel: String
    var error: String?
    /// The first question with a problem gets the focus when the page comes back.
    var autofocus = false

    init(_ question: ChallengeQuestion, error: Message?, blankLabel: String, t: Messages) {
        name = "answer_" + question.id
        self.blankLabel = t[blankLabel]
        prompt = question.prompt(in: t)
        self.error = error.map(t.text)
        switch question.kind {
        case .freeText:
            (isText, isYear, options) = (true, false, [])
            hint = t.format("questions.hintText", ["min": String(AnswerRules.freeTextLength.lowerBound)])
        case .year:
            (isText, isYear, options) = (false, true, [])
            hint = t["questions.hintYear"]
        case .month:
            (isText, isYear) = (false, false)
            options = (1...12).map { Option(value: String($0), label: t["month.\($0)"]) }
            hint = t["questions.hintMonth"]
        case .choice(let choices):
            (isText, isYear) = (false, false)
            options = choices.map { Option(value: $0, label: t.has("questions.choice." + $0) ? t["questions.choice." + $0] : $0.capitalized) }
            hint = t["questions.hintChoice"]
        }
        hasOptions = !options.isEmpty
    }

    /// The fields of `questions`, focus on the first with a problem (or the first of all when
    /// the problem is the page's, such as too few answers).
    static func fields(_ questions: [ChallengeQuestion], errors: [String: Message], pageError: Bool,
                       blankLabel: String, t: Messages) -> [QuestionField] {
        var fields = questions.map { QuestionField($0, error: errors[$0.id], blankLabel: blankLabel, t: t) }
        if let first = fields.firstIndex(where: { $0.error != nil }) ?? (pageError && !fields.isEmpty ? 0 : nil) {
            fields[first].autofocus = true
        }
        return fields
    }
}
