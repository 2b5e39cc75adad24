import HomeroomCore
import Hummingbird

/// What the console asks before any change.
struct Confirmation: Sendable {
    let heading: String
    /// The catalog key of what will happen.
    let consequence: String
    /// Where the confirmed form posts, and the fields of the first form it carries.
    let path: String
    var fields: [String] = []
    let confirmLabel: String
    let cancelPath: String
}

extension AppServices {
    /// The confirmation page of a console change; nil once the form says `confirm=yes`.
    func confirmation(_ confirmation: Confirmation, user: SignedInUser, _ context: AppRequestContext) -> Response? {
        guard context.form["confirm"] != "yes" else { return nil }
        return renderer.page(ConfirmPage(
            chrome: renderer.chrome(title: "admin.confirm", context: context, user: user), heading: confirmation.heading,
            consequence: context.t[confirmation.consequence], path: confirmation.path,
            fields: confirmation.fields.map { HiddenField(name: $0, value: context.form[$0] ?? "") },
            confirmLabel: confirmation.confirmLabel, cancelPath: confirmation.cancelPath))
    }
}
