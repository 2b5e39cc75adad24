import Foundation
import Hummingbird

/// Who may use a staff page: a signed-in person with one of the page's roles. Anyone not
/// signed in goes to the landing page; anyone else gets 403.
struct AdminAccess: Sendable {
    let sessions: SignedInSessions

    static let console: Set<PortalRole> = [.technician, .admin]
    static let admin: Set<PortalRole> = [.admin]
    static let teacher: Set<PortalRole> = [.teacher]

    static let forbidden = PageError(
        status: .forbidden, title: "Not for your account",
        message: "This page is for school staff with another role. Go back to your home page.")

    /// The signed-in person, if they have one of `roles`. Throws the redirect to the landing page
    /// (`RedirectResponse`) for someone not signed in, and 403 for anyone else.
    func require(_ roles: Set<PortalRole>, _ request: Request, _ context: AppRequestContext) async throws -> SignedInUser {
        let lookup = try await sessions.current(request, context)
        guard case .signedIn(let user) = lookup else { throw RedirectResponse(SignedInSessions.landing(for: lookup)) }
        guard roles.contains(user.role) else { throw Self.forbidden }
        return user
    }
}

/// The three things a technician can do to a student's account.
enum StudentAction: String, CaseIterable, Sendable {
    case reset
    case unlock
    case endSessions = "end-sessions"

    var label: String {
        switch self {
        case .reset: "Reset the claim"
        case .unlock: "Unlock"
        case .endSessions: "End all sessions"
        }
    }

    /// What the confirmation page says will happen.
    var consequence: String {
        switch self {
        case .reset: "The password and challenge answers are erased and the student must claim the account again. Everyone signed in as this student is signed out."
        case .unlock: "Sign-in, password reset and claiming are unlocked and the failed attempts are forgotten."
        case .endSessions: "Everyone signed in as this student is signed out, on every computer."
        }
    }

    var auditAction: String { "admin." + rawValue.replacingOccurrences(of: "-", with: "_") }
}
