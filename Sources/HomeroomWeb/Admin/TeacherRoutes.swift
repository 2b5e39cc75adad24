import Foundation
import HomeroomCore
import Hummingbird

/// `/homeroom`: a teacher's own homeroom (students whose `homeroom_teacher` is the teacher's
/// display name), who has claimed and who has not, with letters and badges to print for them
/// and each unused code and badge revocable. Technicians see any teacher's at
/// `/admin/homeroom?teacher=NAME`.
struct TeacherRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess
    let tools: StudentActionTools

    func add(to router: Router<AppRequestContext>) {
        router.get("/homeroom") { request, context in try await show(request, context) }
        router.get("/admin/homeroom") { request, context in try await showForTechnician(request, context) }
        router.post("/homeroom/students/:id/:action") { request, context in try await revoke(request, context) }
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.teacher, request, context)
        let teacher = try await services.homeroomTeacher(of: user)
        let notice = request.uri.queryParameters["revoked"].flatMap { StudentAction(rawValue: String($0)) }
            .map { context.t.format("admin.done", ["what": context.t[$0.label]]) }
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
        let ids = overviews.map(\.studentID)
        let withBadges = try await services.database.studentsWithBadges(ids), withCodes = try await services.database.studentsWithCodes(ids)
        let students = overviews.map { overview in
            let name = "\(overview.firstName) \(overview.lastName)"
            func revocation(_ action: StudentAction, _ has: Set<String>, _ label: String) -> Revocation? {
                guard has.contains(overview.studentID) else { return nil }
                return Revocation(path: base == "/homeroom" ? "/homeroom/students/\(overview.studentID)/\(action.rawValue)" : nil,
                                  label: t.format(label, ["name": name]))
            }
            return HomeroomRow(row: StudentRow(overview, now: now, t: t),
                               code: revocation(.revokeCode, withCodes, "admin.homeroom.revokeCodeOf"),
                               badge: revocation(.revokeBadge, withBadges, "admin.homeroom.revokeBadgeOf"))
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

    /// A teacher revokes the unused code or the badge of a student of their homeroom, after confirming.
    func revoke(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.teacher, request, context)
        guard let action = context.parameters.get("action").flatMap(StudentAction.init(rawValue:)),
              StudentAction.forTeachers.contains(action) else { throw PageError.notFound }
        let student = try await services.student(namedBy: context)
        let teacher = try await services.homeroomTeacher(of: user)
        guard student.homeroomTeacher == teacher else { throw AdminAccess.forbidden }
        let path = "/homeroom/students/\(student.studentID)/\(action.rawValue)"
        if let confirm = services.confirmation(action.confirmation(of: student, path: path, cancelPath: "/homeroom", context.t),
                                               user: user, context) {
            return confirm
        }
        guard try await action.perform(on: student, with: tools, scope: .homeroom(teacher: teacher), by: context.actor(staff: user)) else {
            throw PageError.notFound
        }
        return seeOther("/homeroom?revoked=" + action.rawValue)
    }
}

/// A homeroom table row: the student, and their unused code and badge, if any.
struct HomeroomRow: Sendable {
    let row: StudentRow
    let code: Revocation?
    let badge: Revocation?
}

/// Something a student has that the teacher can revoke.
struct Revocation: Sendable {
    /// The teacher's form that revokes it (nil on a technician's view).
    let path: String?
    /// The revoke button's accessible name, naming the student.
    let label: String
}

extension AppServices {
    /// The homeroom of a signed-in teacher: their display name, which is what the roster's
    /// `homeroom_teacher` holds.
    func homeroomTeacher(of user: SignedInUser) async throws -> String {
        try await database.staff(username: user.username)?.displayName ?? ""
    }
}
