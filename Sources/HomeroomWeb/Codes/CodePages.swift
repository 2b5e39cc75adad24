import Foundation
import HomeroomCore

/// `claim/code.mustache`: a claim code typed instead of the roster's fields. The code is never
/// shown back.
struct ClaimCodePage: PageModel {
    static let template = Template.claimCode
    let chrome: Chrome
    /// The one fixed failure for a wrong, used, expired or revoked code.
    var failed = false
    var throttled = false
    var expired = false
}

/// `recovery/code.mustache`: a reset code typed instead of the challenge answers.
struct ResetCodePage: PageModel {
    static let template = Template.recoveryCode
    let chrome: Chrome
    var failed = false
    var throttled = false
    var expired = false
}
