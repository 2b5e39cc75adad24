import Foundation
import HomeroomCore
import Hummingbird

/// `/admin/staff`: admins add staff accounts, change roles and remove accounts; each change is
/// confirmed, CSRF-checked, and made by `AccountAdministration` (the rules and the audit event the
/// command line shares). An admin cannot demote or remove their own account.
struct StaffAdminRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess
    let administration: AccountAdministration

    func add(to router: Router<AppRequestContext>) {
        router.get("/admin/staff") { request, context in try await list(request, context) }
        router.post("/admin/staff") { request, context in try await addStaff(request, context) }
        router.post("/admin/staff/:username/role") { request, context in try await setRole(request, context) }
        router.post("/admin/staff/:username/remove") { request, context in try await remove(request, context) }
    }

    func admin(_ request: Request, _ context: AppRequestContext) async throws -> SignedInUser {
        try await access.require(AdminAccess.admin, request, context)
    }

    func page(_ user: SignedInUser, _ context: AppRequestContext, notice: String? = nil, error: String? = nil) async throws -> AdminStaffPage {
        let t = context.t
        return AdminStaffPage(chrome: services.renderer.chrome(title: "admin.staff.title", context: context, user: user),
                              staff: try await services.database.allStaff().map { StaffRow($0, current: user.username, t: t) },
                              newRoles: StaffRow.RoleOption.all(t), notice: notice, error: error)
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        let done = request.uri.queryParameters["done"].flatMap { Self.doneKeys[String($0)] }
            .map { context.t.format("admin.done", ["what": context.t[$0]]) }
        return services.renderer.page(try await page(user, context, notice: done))
    }

    /// What `?done=` may say after a change, by its catalog key.
    static let doneKeys = ["added": "admin.staff.added", "role": "admin.staff.roleChanged", "removed": "admin.staff.removed"]

    /// The confirmation page of a staff change, carrying its fields; nil once confirmed.
    func confirmation(_ heading: Message, _ consequence: String, path: String, fields: [String],
                      user: SignedInUser, _ context: AppRequestContext) -> Response? {
        services.confirmation(Confirmation(heading: context.t.text(heading), consequence: consequence, path: path, fields: fields,
                                           confirmLabel: context.t["admin.staff.yesDoIt"], cancelPath: "/admin/staff"), user: user, context)
    }

    /// The staff page again, saying why the change was refused.
    func refuse(_ error: StaffError, _ user: SignedInUser, _ context: AppRequestContext) async throws -> Response {
        try await refuse(error.text(context.t), user, context)
    }

    func refuse(_ text: String, _ user: SignedInUser, _ context: AppRequestContext) async throws -> Response {
        services.renderer.page(try await page(user, context, error: text), status: .unprocessableContent)
    }

    /// The role the form chose, or nil after the page has said to choose one.
    func chosenRole(_ context: AppRequestContext) -> Staff.Role? {
        context.form["role"].flatMap(Staff.Role.init(rawValue:))
    }

    func addStaff(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        let username = (context.form["username"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let name = (context.form["display_name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = context.form["password"] ?? ""
        let email = (context.form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let role = chosenRole(context) else { return try await refuse(context.t["admin.staff.chooseRole"], user, context) }
        if let problem = administration.problem(addingStaff: username, displayName: name, password: password, email: email) {
            return try await refuse(problem, user, context)
        }
        if let confirm = confirmation(Message("admin.staff.addQuestion", ["role": role.name(in: context.t), "username": username]),
                                      password.isEmpty ? "admin.staff.signsInPAM" : "admin.staff.signsInPassword",
                                      path: "/admin/staff", fields: ["username", "display_name", "email", "role", "password"], user: user, context) {
            return confirm
        }
        do {
            try await administration.addStaff(username: username, displayName: name, role: role, password: password, email: email,
                                              by: context.actor(staff: user))
        } catch let error as StaffError {
            return try await refuse(error, user, context)
        }
        return seeOther("/admin/staff?done=added")
    }

    /// The staff account named by the path, other than the admin's own.
    func target(_ user: SignedInUser, _ context: AppRequestContext) async throws -> Staff? {
        guard let username = context.parameters.get("username"), username != user.username else { return nil }
        return try await services.database.staff(username: username)
    }

    func setRole(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        guard let staff = try await target(user, context) else { return try await refuse(.ownAccount, user, context) }
        guard let role = chosenRole(context) else { return try await refuse(context.t["admin.staff.chooseRole"], user, context) }
        if let confirm = confirmation(Message("admin.staff.roleQuestion", ["username": staff.username, "role": role.name(in: context.t)]),
                                      "admin.staff.roleConsequence",
                                      path: "/admin/staff/\(staff.username)/role", fields: ["role"], user: user, context) {
            return confirm
        }
        do {
            try await administration.setStaffRole(username: staff.username, role: role, by: context.actor(staff: user))
        } catch let error as StaffError {
            return try await refuse(error, user, context)
        }
        return seeOther("/admin/staff?done=role")
    }

    func remove(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        guard let staff = try await target(user, context) else { return try await refuse(.ownAccount, user, context) }
        if let confirm = confirmation(Message("admin.staff.removeQuestion", ["username": staff.username]), "admin.staff.removeConsequence",
                                      path: "/admin/staff/\(staff.username)/remove", fields: [], user: user, context) {
            return confirm
        }
        do {
            try await administration.removeStaff(username: staff.username, by: context.actor(staff: user))
        } catch let error as StaffError {
            return try await refuse(error, user, context)
        }
        return seeOther("/admin/staff?done=removed")
    }
}
