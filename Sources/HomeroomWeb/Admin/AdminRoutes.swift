import Foundation
import HomeroomCore
import Hummingbird

/// The technician console: `/admin` (search), `/admin/students/{id}` (one student) and the
/// actions on a student, each confirmed, each a CSRF-checked POST, each audited with the actor.
struct AdminRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess
    let tools: StudentActionTools

    var now: Date { services.clock.now }

    func add(to router: Router<AppRequestContext>) {
        router.get("/admin") { request, context in try await search(request, context) }
        router.get("/admin/students/:id") { request, context in try await showStudent(request, context) }
        router.post("/admin/students/:id/:action") { request, context in try await act(request, context) }
        router.get("/admin/audit.csv") { request, context in try await exportAudit(request, context) }
    }

    func search(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.console, request, context)
        let query = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(200))
        let t = context.t
        let found = try await services.database.searchStudents(query)
        let results = found.map { StudentRow($0, now: now, t: t) }
        let caption = t.format(results.isEmpty ? "admin.search.none" : "admin.search.caption", ["query": query])
        let page = AdminSearchPage(chrome: services.renderer.chrome(title: "admin.console", context: context, user: user),
                                   query: query, results: results, searched: !query.isEmpty, hasResults: !results.isEmpty,
                                   resultsCaption: caption, isAdmin: user.role == .admin,
                                   lastImport: try await services.database.lastRosterImport().map {
                                       t.format("admin.lastImport", ["when": $0.at.formatted(.iso8601), "counts": $0.reason ?? ""])
                                   } ?? t["admin.neverImported"],
                                   picker: found.isEmpty ? nil : PrintPicker(base: "/admin", students: found, language: nil,
                                                                             config: services.config, t: t))
        return services.renderer.page(page)
    }

    func showStudent(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.console, request, context)
        let student = try await services.student(namedBy: context)
        let t = context.t
        let locks = student.locks(at: now).map(t.text)
        let done = request.uri.queryParameters["done"].flatMap { StudentAction(rawValue: String($0)) }
        let hasCode = try await services.database.pendingCode(studentID: student.studentID) != nil
        let hasBadge = try await !services.database.studentsWithBadges([student.studentID]).isEmpty
        let shown = StudentAction.allCases.filter { ($0 != .revokeCode || hasCode) && ($0 != .revokeBadge || hasBadge) }
        let page = AdminStudentPage(
            chrome: services.renderer.chrome(titleText: "\(student.firstName) \(student.lastName)", context: context, user: user),
            student: StudentRow(student, now: now, t: t), homeroomTeacher: student.homeroomTeacher ?? "",
            locks: locks, hasLocks: !locks.isEmpty,
            events: try await services.database.auditEvents(student: student.studentID).map(EventRow.init),
            actions: shown.map { ActionButton(path: "/admin/students/\(student.studentID)/\($0.rawValue)", label: t[$0.label]) },
            notice: done.map { t.format("admin.done", ["what": t[$0.label]]) },
            picker: student.active ? PrintPicker(base: "/admin", students: [student], language: t.language,
                                                 config: services.config, t: t) : nil)
        return services.renderer.page(page)
    }

    func act(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.console, request, context)
        let student = try await services.student(namedBy: context)
        guard let action = context.parameters.get("action").flatMap(StudentAction.init(rawValue:)) else { throw PageError.notFound }
        let back = "/admin/students/\(student.studentID)"
        if let confirm = services.confirmation(action.confirmation(of: student, path: back + "/" + action.rawValue, cancelPath: back, context.t),
                                               user: user, context) {
            return confirm
        }
        guard try await action.perform(on: student, with: tools, by: context.actor(staff: user)) else {
            throw PageError.notFound
        }
        return seeOther(back + "?done=" + action.rawValue)
    }

    /// The audit log as CSV, optionally for one user and from a date (admins only).
    func exportAudit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.admin, request, context)
        let query = request.uri.queryParameters
        let filter = query["user"].map(String.init).flatMap { $0.isEmpty ? nil : $0.lowercased() }
        let since = try query["since"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let date = ISO8601Date.parse(text) else { throw PageError.badRequest(Message("admin.sinceFormat")) }
            return date
        }
        let events = try await services.database.auditLog(user: filter, since: since)
        await services.core.audit(.exportAudit, by: context.actor(staff: user), subject: filter, outcome: .success)
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"homeroom-audit.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: AuditCSV.render(events))))
    }
}
