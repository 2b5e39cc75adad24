import Foundation
import HomeroomCore
import Hummingbird

/// `/admin/apps`: admins register apps for single sign-on, remove them, give them new secrets and
/// rotate the signing keys; each change confirmed, CSRF-checked, and made by
/// `ClientAdministration` (the rules and audit events the `homeroom oidc` commands share).
struct AppAdminRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess
    let clients: ClientAdministration

    /// The register form's fields, carried to its confirmation.
    static let fields = ["name", "redirect_uris", "type", "pkce_optional", "consent", "pairwise", "refresh", "schools", "grades",
                         "signing_algorithm", "post_logout_redirect_uris", "backchannel_logout_uri", "initiate_login_uri"]
        + PortalRole.allCases.map { "role_" + $0.rawValue }

    func add(to router: Router<AppRequestContext>) {
        router.get("/admin/apps") { request, context in try await list(request, context) }
        router.post("/admin/apps") { request, context in try await register(request, context) }
        router.post("/admin/apps/keys") { request, context in try await rotateKeys(request, context) }
        router.post("/admin/apps/:client/remove") { request, context in try await remove(request, context) }
        router.post("/admin/apps/:client/secret") { request, context in try await rotateSecret(request, context) }
    }

    func admin(_ request: Request, _ context: AppRequestContext) async throws -> SignedInUser {
        try await access.require(AdminAccess.admin, request, context)
    }

    func page(_ user: SignedInUser, _ context: AppRequestContext, notice: String? = nil, error: String? = nil) async throws -> AdminAppsPage {
        let t = context.t
        return AdminAppsPage(chrome: services.renderer.chrome(title: "admin.apps.title", context: context, user: user),
                             apps: try await services.database.allClients().map { AppRow($0, t: t) },
                             roles: PortalRole.allCases.map { RoleBox(name: "role_" + $0.rawValue, label: t["admin.apps.roles." + $0.rawValue]) },
                             discoveryURL: services.config.publicURL + "/.well-known/openid-configuration", notice: notice, error: error)
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        let done = request.uri.queryParameters["done"].flatMap { ["removed": "admin.apps.removed", "keys": "admin.apps.keysRotated"][String($0)] }
        return services.renderer.page(try await page(user, context, notice: done.map { context.t[$0] }))
    }

    /// The confirmation page of a change, carrying its fields; nil once confirmed.
    func confirmation(_ heading: String, _ consequence: String, path: String, fields: [String], user: SignedInUser,
                      _ context: AppRequestContext) -> Response? {
        services.confirmation(Confirmation(heading: heading, consequence: consequence, path: path, fields: fields,
                                           confirmLabel: context.t["admin.staff.yesDoIt"], cancelPath: "/admin/apps"), user: user, context)
    }

    /// The registration the form describes.
    func settings(_ form: FormFields) -> OIDCClient.Settings {
        func lines(_ name: String) -> [String] {
            (form[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        func list(_ name: String) -> [String] {
            (form[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        func text(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        return OIDCClient.Settings(
            redirectURIs: lines("redirect_uris"), pkceOptional: form["pkce_optional"] == "yes",
            roles: PortalRole.allCases.filter { form["role_" + $0.rawValue] == "yes" }, schools: list("schools"), grades: list("grades"),
            consent: form["consent"] == "yes", pairwise: form["pairwise"] == "yes", refresh: form["refresh"] == "yes",
            signingAlgorithm: SigningAlgorithm(rawValue: form["signing_algorithm"] ?? "") ?? .rs256,
            postLogoutRedirectURIs: lines("post_logout_redirect_uris"), backchannelLogoutURI: text("backchannel_logout_uri"),
            initiateLoginURI: text("initiate_login_uri"))
    }

    func register(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        let name = (context.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let settings = settings(context.form)
        let isPublic = context.form["type"] == "public"
        if let problem = ClientAdministration.problem(name: name, settings: settings, isPublic: isPublic) {
            guard case .invalid(let message) = problem else { throw problem }
            return services.renderer.page(try await page(user, context, error: context.t.text(message)), status: .unprocessableContent)
        }
        if let confirm = confirmation(context.t.format("admin.apps.registerQuestion", ["name": name]), "admin.apps.registerConsequence",
                                      path: "/admin/apps", fields: Self.fields, user: user, context) {
            return confirm
        }
        let (client, secret) = try await clients.add(name: name, settings: settings, isPublic: isPublic, by: context.actor(staff: user))
        return secretPage(client.clientID, name: client.name, secret: secret, user: user, context)
    }

    /// The client id and (once, never again) the secret.
    func secretPage(_ clientID: String, name: String, secret: String?, user: SignedInUser, _ context: AppRequestContext) -> Response {
        services.renderer.page(AppSecretPage(chrome: services.renderer.chrome(title: "admin.apps.title", context: context, user: user),
                                             name: name, clientID: clientID, secret: secret,
                                             discoveryURL: services.config.publicURL + "/.well-known/openid-configuration"))
    }

    /// The app named by the path.
    func app(_ context: AppRequestContext) async throws -> OIDCClient {
        guard let id = context.parameters.get("client"), let client = try await services.database.client(id: id) else { throw PageError.notFound }
        return client
    }

    func remove(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        let client = try await app(context)
        if let confirm = confirmation(context.t.format("admin.apps.removeQuestion", ["name": client.name]), "admin.apps.removeConsequence",
                                      path: "/admin/apps/\(client.clientID)/remove", fields: [], user: user, context) {
            return confirm
        }
        try await clients.remove(id: client.clientID, by: context.actor(staff: user))
        return seeOther("/admin/apps?done=removed")
    }

    func rotateSecret(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        let client = try await app(context)
        if let confirm = confirmation(context.t.format("admin.apps.secretQuestion", ["name": client.name]), "admin.apps.secretConsequence",
                                      path: "/admin/apps/\(client.clientID)/secret", fields: [], user: user, context) {
            return confirm
        }
        let secret = try await clients.rotateSecret(id: client.clientID, by: context.actor(staff: user))
        return secretPage(client.clientID, name: client.name, secret: secret, user: user, context)
    }

    func rotateKeys(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await admin(request, context)
        if let confirm = confirmation(context.t["admin.apps.keysQuestion"], "admin.apps.keysConsequence", path: "/admin/apps/keys",
                                      fields: [], user: user, context) {
            return confirm
        }
        _ = try await clients.rotateKeys(by: context.actor(staff: user))
        return seeOther("/admin/apps?done=keys")
    }
}
