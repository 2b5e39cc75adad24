import Foundation
import Hummingbird

/// `/admin/staff`: admins add staff accounts, change roles and remove accounts; each change is
/// confirmed, CSRF-checked and audited. An admin cannot demote or remove their own account.
struct StaffAdminRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess

    func add(to router: Router<AppRequestContext>) {
        router.get("/admin/staff") { request, context in try await list(request, context) }
        router.post("/admin/staff") { request, context in try await addStaff(request, context) }
        router.post("/admin/staff/:username/role") { request, context in try await setRole(request, context) }
        router.post("/admin/staff/:username/remove") { request, context in try await remove(request, context) }
    }

    func admin(_ request: Request, _ context: AppRequestContext) async throws -> SignedInUser {
        try await access.require(AdminAccess.admin, request, context)
    }

    func page(_ user: SignedInUser, _ context: AppRequestContext, notice: String? = nil, error: Message? = nil) throws -> AdminStaffPage {
        let t = context.t
        return AdminStaffPage(chrome: services.renderer.chrome(title: "admin.staff.title", context: context, user: user),
                              staff: try services.database.allStaff().map { StaffRow($0, current: user.username, t: t) },
                              newRoles: StaffRow.RoleOption.all(t), notice: notice, error: error.map(t.text))
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        let done = request.uri.queryParameters["done"].flatMap { Self.doneKeys[String($0)] }
            .map { context.t.format("admin.done", ["what": context.t[$0]]) }
        return services.renderer.page("admin/staff", try page(user, context, notice: done))
    }

    /// What `?done=` may say after a change, by its catalog key.
    static let doneKeys = ["added": "admin.staff.added", "role": "admin.staff.roleChanged", "removed": "admin.staff.removed"]

    /// The confirmation page of a staff change, carrying its fields; nil once confirmed.
    func confirmation(_ heading: Message, _ consequence: String, path: String, fields: [String],
                      user: SignedInUser, _ context: AppRequestContext) -> Response? {
        guard context.form["confirm"] != "yes" else { return nil }
        let t = context.t
        let page = ConfirmPage(chrome: services.renderer.chrome(title: "admin.confirm", context: context, user: user),
                               heading: t.text(heading), consequence: t[consequence], path: path,
                               fields: fields.map { HiddenField(name: $0, value: context.form[$0] ?? "") },
                               confirmLabel: t["admin.staff.yesDoIt"], cancelPath: "/admin/staff")
        return services.renderer.page("admin/confirm", page)
    }

    func refuse(_ message: Message, _ user: SignedInUser, _ context: AppRequestContext) throws -> Response {
        services.renderer.page("admin/staff", try page(user, context, error: message), status: .unprocessableContent)
    }

    func addStaff(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        let username = (context.form["username"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let name = (context.form["display_name"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let role = context.form["role"].flatMap(Staff.Role.init(rawValue:)) else { return try refuse(Message("admin.staff.chooseRole"), user, context) }
        guard Staff.isValidUsername(username) else { return try refuse(StaffError.invalidUsername(username).message, user, context) }
        let password = context.form["password"] ?? ""
        if !password.isEmpty, let problem = PasswordPolicy(rules: services.config.password).check(
            password, confirm: password, personal: [username, name]) {
            return try refuse(Message("admin.staff.passwordProblem", ["problem": context.t.text(problem.message)]), user, context)
        }
        if let confirm = confirmation(Message("admin.staff.addQuestion", ["role": role.name(in: context.t), "username": username]),
                                      password.isEmpty ? "admin.staff.signsInPAM" : "admin.staff.signsInPassword",
                                      path: "/admin/staff", fields: ["username", "display_name", "role", "password"], user: user, context) {
            return confirm
        }
        let hasher = services.hasher, normalized = PasswordPolicy.normalized(password)
        let hash = password.isEmpty ? nil : try await services.pool.run { try hasher.hash(normalized) }
        do {
            try services.database.addStaff(Staff(username: username, displayName: name.isEmpty ? username : name,
                                                 role: role, passwordHash: hash, at: services.clock.now))
        } catch let error as StaffError {
            return try refuse(error.message, user, context)
        }
        await services.audit(context, actor: user.username, action: "admin.staff_add", subject: username, outcome: .success, reason: role.rawValue)
        return seeOther("/admin/staff?done=added")
    }

    /// The staff account named by the path, other than the admin's own.
    func target(_ user: SignedInUser, _ context: AppRequestContext) async throws -> Staff? {
        guard let username = context.parameters.get("username"), username != user.username else { return nil }
        return try await services.database.staff(username: username)
    }

    func setRole(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        guard let staff = try await target(user, context) else { return try refuse(Message("admin.staff.notYourOwn"), user, context) }
        guard let role = context.form["role"].flatMap(Staff.Role.init(rawValue:)) else { return try refuse(Message("admin.staff.chooseRole"), user, context) }
        if let confirm = confirmation(Message("admin.staff.roleQuestion", ["username": staff.username, "role": role.name(in: context.t)]),
                                      "admin.staff.roleConsequence",
                                      path: "/admin/staff/\(staff.username)/role", fields: ["role"], user: user, context) {
            return confirm
        }
        _ = try services.database.setStaffRole(username: staff.username, role: role, at: services.clock.now)
        await services.audit(context, actor: user.username, action: "admin.staff_role", subject: staff.username, outcome: .success, reason: role.rawValue)
        return seeOther("/admin/staff?done=role")
    }

    func remove(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        guard let staff = try await target(user, context) else { return try refuse(Message("admin.staff.notYourOwn"), user, context) }
        if let confirm = confirmation(Message("admin.staff.removeQuestion", ["username": staff.username]), "admin.staff.removeConsequence",
                                      path: "/admin/staff/\(staff.username)/remove", fields: [], user: user, context) {
            return confirm
        }
        _ = try services.database.removeStaff(username: staff.username)
        await services.audit(context, actor: user.username, action: "admin.staff_remove", subject: staff.username, outcome: .success, reason: nil)
        return seeOther("/admin/staff?done=removed")
    }
}
