import Foundation
import HomeroomCore

/// `claim/start.mustache`: step 1, the roster match.
struct ClaimStartPage: PageModel, RosterFieldsPage {
    static let template = Template.claimStart
    let chrome: Chrome
    var typed = RosterFields.Typed()
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
struct ClaimPasswordPage: PageModel {
    static let template = Template.claimPassword
    let chrome: Chrome
    let username: String
    let rules: [String]
    var error: String?
}

/// `claim/questions.mustache`: step 3.
struct ClaimQuestionsPage: PageModel {
    static let template = Template.claimQuestions
    let chrome: Chrome
    let username: String
    /// How many questions to answer, said in a sentence.
    let intro: String
    var questions: [QuestionField]
    var error: String?
}

/// `claim/complete.mustache`: done.
struct ClaimCompletePage: PageModel {
    static let template = Template.claimComplete
    let chrome: Chrome
    let username: String
}
