import Foundation
import HomeroomCore
import Hummingbird

/// Printing claim or reset letters and QR badges: from the technician console (any student) at
/// `/admin/letters` and `/admin/badges`, and from a teacher's homeroom page (their own students)
/// at `/homeroom/letters` and `/homeroom/badges`. Each POST issues new codes or badges (so
/// revokes the ones before) and answers with the print-ready page itself (not stored, as every page): the
/// codes are shown this once and kept nowhere but on paper.
struct PrintRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess
    let codes: CodeOperations
    let badges: BadgeOperations

    func add(to router: Router<AppRequestContext>) {
        router.post("/admin/letters") { request, context in try await letters(request, context, AdminAccess.console) }
        router.post("/admin/badges") { request, context in try await printBadges(request, context, AdminAccess.console) }
        router.post("/homeroom/letters") { request, context in try await letters(request, context, AdminAccess.teacher) }
        router.post("/homeroom/badges") { request, context in try await printBadges(request, context, AdminAccess.teacher) }
    }

    /// Whose students `user` may print for.
    func scope(of user: SignedInUser) async throws -> StudentScope {
        guard user.role == .teacher else { return .anyStudent }
        return .homeroom(teacher: try await services.homeroomTeacher(of: user))
    }

    func letters(_ request: Request, _ context: AppRequestContext, _ roles: Set<PortalRole>) async throws -> Response {
        let user = try await access.require(roles, request, context)
        let choice = try PrintChoice(form: context.form)
        let issued = try await codes.issue(choice.studentIDs, scope: try await scope(of: user), by: context.actor(staff: user))
        let catalog = services.renderer.catalog, config = services.config
        let page = LettersPage(chrome: services.renderer.chrome(title: "print.lettersTitle", context: context, user: user),
                               paper: choice.paper.rawValue,
                               letters: issued.map { Letter($0, language: choice.languages[$0.student.studentID]!, catalog: catalog, config: config) },
                               skipped: skipped(asked: choice.languages.count, printed: issued.count, "print.lettersSkipped", context))
        return services.renderer.page(page)
    }

    func printBadges(_ request: Request, _ context: AppRequestContext, _ roles: Set<PortalRole>) async throws -> Response {
        let user = try await access.require(roles, request, context)
        let choice = try PrintChoice(form: context.form)
        let issued = try await badges.issue(choice.studentIDs, scope: try await scope(of: user), by: context.actor(staff: user))
        let catalog = services.renderer.catalog
        let page = BadgesPage(chrome: services.renderer.chrome(title: "print.badgesTitle", context: context, user: user),
                              paper: choice.paper.rawValue,
                              badges: issued.map { Badge($0, language: choice.languages[$0.student.studentID]!, catalog: catalog) },
                              skipped: skipped(asked: choice.languages.count, printed: issued.count, "print.badgesSkipped", context))
        return services.renderer.page(page)
    }

    func skipped(asked: Int, printed: Int, _ key: String, _ context: AppRequestContext) -> String? {
        asked == printed ? nil : context.t.format(key, ["count": String(asked - printed)])
    }
}
