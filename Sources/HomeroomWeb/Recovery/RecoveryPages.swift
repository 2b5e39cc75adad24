import Foundation
import HomeroomCore

/// `recovery/start.mustache`: Forgot my Password, step 1 (the username).
struct RecoveryStartPage: PageModel {
    static let template = Template.recoveryStart
    let chrome: Chrome
    /// Challenge-question reset is turned off: the page tells the student to ask their teacher.
    let disabled: Bool
    var typedUsername = ""
    var usernameError: String?
    var expired = false
}

/// `recovery/answers.mustache`: step 2, the questions answered at claim.
struct RecoveryAnswersPage: PageModel {
    static let template = Template.recoveryAnswers
    let chrome: Chrome
    let username: String
    var questions: [QuestionField]
    var error: String?
    /// The fixed failure for wrong answers and for accounts that cannot be reset.
    var failed = false
    /// Self-service reset is locked for this account or paused for this computer.
    var locked = false
}

/// `recovery/new.mustache`: step 3, the new password.
struct RecoveryPasswordPage: PageModel {
    static let template = Template.recoveryNew
    let chrome: Chrome
    let username: String
    let rules: [String]
    var error: String?
}

/// `recovery/questions.mustache`: after a reset code's new password, new challenge answers.
struct RecoveryNewAnswersPage: PageModel {
    static let template = Template.recoveryNewAnswers
    let chrome: Chrome
    let username: String
    /// How many questions to answer, said in a sentence.
    let intro: String
    var questions: [QuestionField]
    var error: String?
}

/// `recovery/done.mustache`: the password is changed.
struct RecoveryDonePage: PageModel {
    static let template = Template.recoveryDone
    let chrome: Chrome
    let username: String
}

/// `recovery/username.mustache`: Forgot Username, and its answer.
struct UsernameLookupPage: PageModel, RosterFieldsPage {
    static let template = Template.usernameLookup
    let chrome: Chrome
    var typed = RosterFields.Typed()
    var lastNameError: String?
    var firstNameError: String?
    var studentIDError: String?
    var hasFieldErrors = false
    /// The claim's generic failure.
    var failed = false
    var throttled = false
    /// The daily limit for this account is used up.
    var limited = false
    /// The username found, shown to its owner.
    var username: String?
}
