/// Every page template under `templates/`, by the path it has there (without `.mustache`).
/// A page model names its own, so no route can ask for a template by a misspelt string.
enum Template: String, CaseIterable, Sendable {
    case layout
    case error
    case home
    case loginPassword = "login/password"
    case claimStart = "claim/start"
    case claimPassword = "claim/password"
    case claimQuestions = "claim/questions"
    case claimComplete = "claim/complete"
    case claimCode = "claim/code"
    case recoveryStart = "recovery/start"
    case recoveryAnswers = "recovery/answers"
    case recoveryNew = "recovery/new"
    case recoveryDone = "recovery/done"
    case recoveryCode = "recovery/code"
    case recoveryNewAnswers = "recovery/questions"
    case usernameLookup = "recovery/username"
    case portalHome = "portal/home"
    case adminSearch = "admin/search"
    case adminStudent = "admin/student"
    case adminConfirm = "admin/confirm"
    case adminStaff = "admin/staff"
    case adminHomeroom = "admin/homeroom"
    case consent = "sso/consent"
    case continueToApp = "sso/continue"
    case adminApps = "admin/apps"
    case adminAppSecret = "admin/app-secret"
    case adminLocks = "admin/locks"
    case printLetters = "print/letters"
    case printBadges = "print/badges"
    case badgeSignIn = "badge/signin"
}
