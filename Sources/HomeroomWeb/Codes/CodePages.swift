import Foundation
import HomeroomCore

/// A page where a one-time code is typed. A typed code is never shown back; the link in a
/// letter's QR code fills it in (`?code=`).
protocol CodePage: PageModel {
    init(chrome: Chrome)
    /// The code from the letter's link, filled in.
    var code: String { get set }
    /// The one fixed failure for a wrong, used, expired or revoked code.
    var failed: Bool { get set }
    var throttled: Bool { get set }
    var expired: Bool { get set }
    /// The message key of the page's title.
    static var title: String { get }
}

/// `claim/code.mustache`: a claim code typed instead of the roster's fields.
struct ClaimCodePage: CodePage {
    static let template = Template.claimCode
    static let title = "code.claimTitle"
    let chrome: Chrome
    var failed = false
    var throttled = false
    var expired = false
    var code = ""

    init(chrome: Chrome) { self.chrome = chrome }
}

/// `recovery/code.mustache`: a reset code typed instead of the challenge answers.
struct ResetCodePage: CodePage {
    static let template = Template.recoveryCode
    static let title = "code.resetTitle"
    let chrome: Chrome
    var failed = false
    var throttled = false
    var expired = false
    var code = ""

    init(chrome: Chrome) { self.chrome = chrome }
}
