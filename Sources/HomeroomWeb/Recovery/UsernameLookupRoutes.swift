import Foundation
import HomeroomCore
import Hummingbird

/// Forgot Username: `/forgot-username`. The rules are `UsernameLookup`'s; a failure gives the
/// claim's generic message.
struct UsernameLookupRoutes: Sendable {
    let services: AppServices
    let lookup: UsernameLookup

    func add(to router: Router<AppRequestContext>) {
        router.get("/forgot-username") { _, context in
            services.renderer.tokenOnlyPage(title: "common.forgotUsername", context: context) { UsernameLookupPage(chrome: $0) }
        }
        router.post("/forgot-username") { _, context in try await submit(context) }
    }

    func submit(_ context: AppRequestContext) async throws -> Response {
        let (typed, parsed) = RosterFields.parse(context.form)
        var page = UsernameLookupPage(chrome: services.renderer.chrome(title: "common.forgotUsername", context: context))
        page.typed = typed
        switch parsed {
        case .failure(let problems):
            page.show(problems, context.t)
            return services.renderer.page(page, status: .unprocessableContent)
        case .success(let form):
            switch try await lookup.lookUp(form, by: context.actor()) {
            case .throttled:
                page.throttled = true
                return services.renderer.page(page, status: .tooManyRequests)
            case .overDailyLimit:
                page.limited = true
                return services.renderer.page(page, status: .tooManyRequests)
            case .failed:
                page.failed = true
                return services.renderer.page(page)
            case .found(let username):
                page.username = username
                return services.renderer.page(page)
            }
        }
    }
}
