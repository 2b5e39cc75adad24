import Foundation
import HomeroomCore
import Hummingbird

/// `/homeroom`: a teacher's own homeroom (students whose `homeroom_teacher` is the teacher's
/// display name), who has claimed and who has not, with letters and badges to print for them
/// and each badge revocable. Technicians see any teacher's at `/admin/homeroom?teacher=NAME`.
struct TeacherRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess
    let badges: BadgeOperations

    func add(to router: Router<AppRequestContext>) {
        router.get("/homeroom") { request, context in try await show(request, context) }
        router.get("/admin/homeroom") { request, context in try await showForTechnician(request, context) }
        router.post("/homeroom/students/:id/revoke-badge") { request, context in try await revokeBadge(request, context) }
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.teacher, request, context)
        let teacher = try await services.database.staff(username: user.username)?.displayName ?? ""
        let notice = request.uri.queryParameters["revoked"].map { _ in context.t["admin.homeroom.badgeRevoked"] }
        return try await page(teacher: teacher, base: "/homeroom", user: user, notice: notice, context)
    }

    func showForTechnician(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.console, request, context)
        let teacher = String((request.uri.queryParameters["teacher"].map(String.init) ?? "").prefix(200))
        return try await page(teacher: teacher, base: "/admin", user: user, notice: nil, context)
    }

    /// The homeroom of `teacher`; its print forms post under `base`, its badge revocations only
    /// for the teacher themself (a technician revokes from the student's page).
    func page(teacher: String, base: String, user: SignedInUser, notice: String?, _ context: AppRequestContext) async throws -> Response {
        let now = services.clock.now
        let t = context.t
        let overviews = try await services.database.homeroom(teacher: teacher)
        let withBadges = try await services.database.studentsWithBadges(overviews.map(\.studentID))
        let students = overviews.map { overview in
            HomeroomRow(row: StudentRow(overview, now: now, t: t), hasBadge: withBadges.contains(overview.studentID),
                        revokePath: base == "/homeroom" ? "/homeroom/students/\(overview.studentID)/revoke-badge" : nil,
                        revokeLabel: t.format("admin.homeroom.revokeBadgeOf", ["name": "\(overview.firstName) \(overview.lastName)"]))
        }
        let summary = students.isEmpty ? t.format("admin.homeroom.none", ["teacher": teacher])
            : t.format("admin.homeroom.summary", ["claimed": String(students.filter(\.row.claimed).count), "total": String(students.count)])
        let page = HomeroomPage(chrome: services.renderer.chrome(title: "admin.homeroom.title", context: context, user: user),
                                students: students, hasStudents: !students.isEmpty, summary: summary,
                                caption: t.format("admin.homeroom.caption", ["teacher": teacher]), notice: notice,
                                picker: overviews.isEmpty ? nil : PrintPicker(base: base, students: overviews, language: services.config.defaultLanguage,
                                                                              config: services.config, t: t))
        return services.renderer.page(page)
    }

    /// A teacher revokes the badge of a student of their homeroom, after confirming.
    func revokeBadge(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.teacher, request, context)
        guard let id = context.parameters.get("id"), id.count == 7, id.allSatisfy(\.isASCIIDigit),
              let student = try await services.database.studentOverview(id: id) else { throw PageError.notFound }
        let teacher = try await services.database.staff(username: user.username)?.displayName ?? ""
        guard student.homeroomTeacher == teacher else { throw AdminAccess.forbidden }
        let t = context.t
        let path = "/homeroom/students/\(id)/revoke-badge"
        if let confirm = services.confirmation(Confirmation(
            heading: t.format("admin.action.question", ["action": t["admin.action.revokeBadge"],
                                                         "name": "\(student.firstName) \(student.lastName) (\(student.username))"]),
            consequence: "admin.action.revokeBadgeConsequence", path: path,
            confirmLabel: t.format("admin.yesDo", ["what": t["admin.action.revokeBadge"]]), cancelPath: "/homeroom"), user: user, context) {
            return confirm
        }
        guard try await badges.revoke(id, scope: .homeroom(teacher: teacher), by: context.actor(staff: user)) else { throw PageError.notFound }
        return seeOther("/homeroom?revoked=1")
    }
}

/// A homeroom table row: the student, and their badge.
struct HomeroomRow: Sendable {
    let row: StudentRow
    let hasBadge: Bool
    /// The teacher's form that revokes the badge (nil on a technician's view).
    let revokePath: String?
    let revokeLabel: String
}
