import Foundation
import Hummingbird

/// `/portal`: the resources of the signed-in person's role. Nothing for anyone else.
struct PortalRoutes: Sendable {
    let services: AppServices
    let sessions: SignedInSessions

    func add(to router: Router<AppRequestContext>) {
        router.get("/portal") { request, context in try await showHome(request, context) }
    }

    func showHome(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let lookup = try await sessions.current(request, context)
        guard case .signedIn(let user) = lookup else { return SignedInSessions.landing(for: lookup) }
        let page = PortalHomePage(chrome: services.renderer.chrome(title: "Home", context: context, user: user),
                                  user: user, resources: services.config.resources)
        return services.renderer.page("portal/home", page)
    }
}
