import Foundation
import HomeroomCore
import Hummingbird

/// `/homeroom`: a teacher's own homeroom (students whose `homeroom_teacher` is the teacher's
/// display name), who has claimed and who has not. Read only.
struct TeacherRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess

    func add(to router: Router<AppRequestContext>) {
        router.get("/homeroom") { request, context in try await show(request, context) }
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.teacher, request, context)
        let teacher = try await services.database.staff(username: user.username)?.displayName ?? ""
        let now = services.clock.now
        let t = context.t
        let students = try await services.database.homeroom(teacher: teacher).map { StudentRow($0, now: now, t: t) }
        let summary = students.isEmpty ? t.format("admin.homeroom.none", ["teacher": teacher])
            : t.format("admin.homeroom.summary", ["claimed": String(students.filter(\.claimed).count), "total": String(students.count)])
        let page = HomeroomPage(chrome: services.renderer.chrome(title: "admin.homeroom.title", context: context, user: user),
                                students: students, hasStudents: !students.isEmpty, summary: summary,
                                caption: t.format("admin.homeroom.caption", ["teacher": teacher]))
        return services.renderer.page(page)
    }
}
