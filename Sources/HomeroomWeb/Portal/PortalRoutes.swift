import Foundation
import HomeroomCore
import Hummingbird

/// `/portal`: the resources of the signed-in person's role. Nothing for anyone else.
struct PortalRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess
    let sso: SingleSignOn

    func add(to router: Router<AppRequestContext>) {
        router.get("/portal") { request, context in try await showHome(request, context) }
    }

    func showHome(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(Set(PortalRole.allCases), request, context)
        var page = PortalHomePage(chrome: services.renderer.chrome(title: "portal.title", context: context, user: user),
                                  user: user, resources: try await launchable(services.config.resources))
        let t = context.t
        page.apps = try await sso.consents(username: user.username).map { consent in
            PortalHomePage.AllowedApp(name: consent.clientName, knows: SingleSignOn.consentKeys(consent.scopes).map { t[$0] }.joined(separator: "; "),
                                      withdrawPath: "/apps/consent/\(consent.clientID)/withdraw",
                                      withdrawLabel: t.format("portal.withdrawNamed", ["app": consent.clientName]))
        }
        page.hasApps = !page.apps.isEmpty
        return services.renderer.page(page)
    }

    /// The resources with each app's tile pointed at its sign-in (OpenID Connect third-party-initiated
    /// login: `initiate_login_uri?iss=…`); a resource whose link cannot be made is left out.
    func launchable(_ resources: [PortalResource]) async throws -> [PortalResource] {
        var links: [PortalResource] = []
        for var resource in resources {
            if let id = resource.client, let uri = try await sso.client(id: id)?.settings.initiateLoginURI {
                resource.url = SingleSignOn.redirect(uri, ["iss": sso.issuer])
            }
            if !resource.url.isEmpty { links.append(resource) }
        }
        return links
    }
}
