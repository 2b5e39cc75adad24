import Foundation
import HomeroomCore
import Hummingbird

/// Who may use a staff page: a signed-in person with one of the page's roles. Anyone not
/// signed in goes to the landing page; anyone else gets 403.
struct AdminAccess: Sendable {
    let sessions: SignedInSessions

    static let console: Set<PortalRole> = [.technician, .admin]
    static let admin: Set<PortalRole> = [.admin]
    static let teacher: Set<PortalRole> = [.teacher]

    static let forbidden = PageError(status: .forbidden, title: "error.forbiddenTitle", message: Message("error.forbidden"))

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

    /// The catalog key of the action's button label.
    var label: String {
        switch self {
        case .reset: "admin.action.reset"
        case .unlock: "admin.action.unlock"
        case .endSessions: "admin.action.endSessions"
        }
    }

    /// The catalog key of what the confirmation page says will happen.
    var consequence: String { label + "Consequence" }

    /// Does it, through the rule book the command line uses too. False when the account is gone.
    func perform(on student: StudentOverview, with administration: AccountAdministration, by actor: Actor) async throws -> Bool {
        switch self {
        case .reset: try await administration.resetClaim(studentID: student.studentID, by: actor)
        case .unlock: try await administration.unlock(username: student.username, by: actor)
        case .endSessions: try await administration.endSessions(username: student.username, by: actor)
        }
    }
}
