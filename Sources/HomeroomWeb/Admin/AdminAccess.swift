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

/// What a technician can do to a student's account.
enum StudentAction: String, CaseIterable, Sendable {
    case reset
    case unlock
    case endSessions = "end-sessions"
    /// Revoke the student's unused claim or reset code (shown when there is one).
    case revokeCode = "revoke-code"
    /// Revoke the student's QR badge (shown when there is one).
    case revokeBadge = "revoke-badge"

    /// The catalog key of the action's button label.
    var label: String {
        switch self {
        case .reset: "admin.action.reset"
        case .unlock: "admin.action.unlock"
        case .endSessions: "admin.action.endSessions"
        case .revokeCode: "admin.action.revokeCode"
        case .revokeBadge: "admin.action.revokeBadge"
        }
    }

    /// The catalog key of what the confirmation page says will happen.
    var consequence: String { label + "Consequence" }

    /// The actions a teacher may take on a student of their homeroom.
    static let forTeachers: Set<StudentAction> = [.revokeCode, .revokeBadge]

    /// Does it, through the rule book the command line uses too. False when the account is gone
    /// (or has no code or badge to revoke within `scope`, whose students a revocation may touch).
    func perform(on student: StudentOverview, with tools: StudentActionTools, scope: StudentScope = .anyStudent,
                 by actor: Actor) async throws -> Bool {
        switch self {
        case .reset: try await tools.administration.resetClaim(studentID: student.studentID, by: actor)
        case .unlock: try await tools.administration.unlock(username: student.username, by: actor)
        case .endSessions: try await tools.administration.endSessions(username: student.username, by: actor)
        case .revokeCode: try await !tools.codes.revoke([student.studentID], scope: scope, by: actor).isEmpty
        case .revokeBadge: try await tools.badges.revoke(student.studentID, scope: scope, by: actor)
        }
    }

    /// What the console asks before doing it to `student`: the confirmed form posts to `path`.
    func confirmation(of student: StudentOverview, path: String, cancelPath: String, _ t: Messages) -> Confirmation {
        Confirmation(heading: t.format("admin.action.question", ["action": t[label],
                                                                 "name": "\(student.firstName) \(student.lastName) (\(student.username))"]),
                     consequence: consequence, path: path, confirmLabel: t.format("admin.yesDo", ["what": t[label]]),
                     cancelPath: cancelPath)
    }
}

extension AppServices {
    /// The student the request's path names (`:id`, 7 digits), or 404.
    func student(namedBy context: AppRequestContext) async throws -> StudentOverview {
        guard let id = context.parameters.get("id"), id.count == 7, id.allSatisfy(\.isASCIIDigit),
              let student = try await database.studentOverview(id: id) else { throw PageError.notFound }
        return student
    }
}

/// The core operations a technician's (and a teacher's) actions on a student go through.
struct StudentActionTools: Sendable {
    let administration: AccountAdministration
    let codes: CodeOperations
    let badges: BadgeOperations
}
