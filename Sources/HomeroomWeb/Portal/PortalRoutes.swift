import Foundation
import HomeroomCore
import Hummingbird

/// `/portal`: the resources of the signed-in person's role. Nothing for anyone else.
struct PortalRoutes: Sendable {
    let services: AppServices
    let access: AdminAccess

    func add(to router: Router<AppRequestContext>) {
        router.get("/portal") { request, context in try await showHome(request, context) }
    }

    func showHome(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try await access.require(Set(PortalRole.allCases), request, context)
        let page = PortalHomePage(chrome: services.renderer.chrome(title: "portal.title", context: context, user: user),
                                  user: user, resources: services.config.resources)
        return services.renderer.page(page)
    }
}
