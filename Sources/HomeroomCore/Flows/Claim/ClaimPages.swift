import Foundation

/// `claim/start.mustache`: step 1, the roster match.
struct ClaimStartPage: Sendable, RosterFieldsPage {
    let chrome: Chrome
    var typed = ClaimStartForm.Typed()
    var lastNameError: String?
    var firstNameError: String?
    var studentIDError: String?
    /// The fixed failure: "The Claim Account Operation Failed."
    var failed = false
    var throttled = false
    var expired = false
    /// Stored, not computed: Mustache reads stored properties only.
    var hasFieldErrors = false
}

/// `claim/password.mustache`: step 2.
struct ClaimPasswordPage: Sendable {
    let chrome: Chrome
    let username: String
    let rules: [String]
    var error: String?
}

/// One question on `claim/questions.mustache`, with the input its kind of answer needs.
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

    init(_ question: ChallengeQuestion, error: String?, blankLabel: String = "(skip this question)") {
        name = "answer_" + question.id
        self.blankLabel = blankLabel
        prompt = question.prompt
        self.error = error
        switch question.kind {
        case .freeText:
            (isText, isYear, options) = (true, false, [])
            hint = "At least \(AnswerRules.freeTextLength.lowerBound) characters."
        case .year:
            (isText, isYear, options) = (false, true, [])
            hint = "Four digits, like 2011."
        case .month:
            (isText, isYear) = (false, false)
            options = Calendar(identifier: .gregorian).monthSymbols.enumerated().map {
                Option(value: String($0.offset + 1), label: $0.element)
            }
            hint = "Choose a month."
        case .choice(let choices):
            (isText, isYear) = (false, false)
            options = choices.map { Option(value: $0, label: $0.capitalized) }
            hint = "Choose one."
        }
        hasOptions = !options.isEmpty
    }
}

/// `claim/questions.mustache`: step 3.
struct ClaimQuestionsPage: Sendable {
    let chrome: Chrome
    let username: String
    let required: Int
    var questions: [QuestionField]
    var error: String?
}

/// `claim/complete.mustache`: done.
struct ClaimCompletePage: Sendable {
    let chrome: Chrome
    let username: String
}
