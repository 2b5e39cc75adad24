import Foundation
import HomeroomCore
import Hummingbird

/// `/admin/locks`: the throttle locks in force (an address, or an address and a name, ID or
/// username tried from it), named by school where `schoolNetworks` knows the address; a
/// technician lifts one, confirmed and audited.
struct LockAdminRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess
    let administration: AccountAdministration

    func add(to router: Router<AppRequestContext>) {
        router.get("/admin/locks") { request, context in try await list(request, context) }
        router.post("/admin/locks/lift") { request, context in try await lift(request, context) }
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.console, request, context)
        let t = context.t
        let rows = try await administration.throttleLocks().map { LockRow($0, schools: services.config.schoolNetworks, t: t) }
        let page = AdminLocksPage(chrome: services.renderer.chrome(title: "admin.throttle.title", context: context, user: user),
                                  locks: rows, hasLocks: !rows.isEmpty,
                                  notice: request.uri.queryParameters["done"] == nil ? nil : t["admin.throttle.lifted"])
        return services.renderer.page(page)
    }

    func lift(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(AdminAccess.console, request, context)
        guard let scope = context.form["scope"].flatMap(ThrottleScope.init(rawValue:)),
              let key = context.form["key"], !key.isEmpty, key.count <= 300 else { throw PageError.notFound }
        let t = context.t
        if let confirm = services.confirmation(Confirmation(
            heading: t.format("admin.throttle.liftQuestion", ["what": LockRow.describe(scope: scope, key: key, t: t)]),
            consequence: "admin.throttle.liftConsequence", path: "/admin/locks/lift", fields: ["scope", "key"],
            confirmLabel: t["admin.throttle.lift"], cancelPath: "/admin/locks"), user: user, context) {
            return confirm
        }
        guard try await administration.liftThrottleLock(scope: scope, key: key, by: context.actor(staff: user)) else {
            throw PageError.notFound
        }
        return seeOther("/admin/locks?done=1")
    }
}

/// One lock as the console shows it.
struct LockRow: Sendable {
    let kind: String
    let address: String
    let school: String
    /// The name, ID or username of a lock per address and something; empty for the address alone.
    let on: String
    let failures: Int
    let until: String
    let scope: String
    let key: String

    init(_ lock: ThrottleLock, schools: [SchoolNetwork], t: Messages) {
        kind = Self.kind(lock.scope, t: t)
        address = lock.address ?? ""
        school = lock.address.flatMap(schools.school(of:)) ?? ""
        on = lock.tried
        failures = lock.recentFailures
        until = lock.lockedUntil.formatted(.iso8601)
        scope = lock.scope.rawValue
        key = lock.key
    }

    /// What kind of lock `scope` makes, in the reader's language.
    static func kind(_ scope: ThrottleScope, t: Messages) -> String {
        t["admin.throttle.scopes." + scope.rawValue.replacingOccurrences(of: ".", with: "_")]
    }

    static func describe(scope: ThrottleScope, key: String, t: Messages) -> String {
        kind(scope, t: t) + ": " + key
    }
}

/// `admin/locks.mustache`.
struct AdminLocksPage: PageModel {
    static let template = Template.adminLocks
    let chrome: Chrome
    let locks: [LockRow]
    let hasLocks: Bool
    let notice: String?
}
