import Foundation
import HomeroomCore

/// `home.mustache`: the landing page, asking for the username only.
struct LandingPage: PageModel {
    static let template = Template.home
    let chrome: Chrome
    var typedUsername = ""
    var usernameError: String?
    /// A signed-in session ended because it was idle or too old.
    var expired = false
    /// A signed-in session was ended elsewhere (a reset, a technician).
    var ended = false
}

/// `login/password.mustache`: the password step, naming the username it is for.
struct LoginPasswordPage: PageModel {
    static let template = Template.loginPassword
    let chrome: Chrome
    let username: String
    var error: String?
    /// The fixed failure: "Invalid username or password."
    var failed = false
    var throttled = false
}
