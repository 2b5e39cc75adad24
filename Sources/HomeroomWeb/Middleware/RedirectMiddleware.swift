import Hummingbird

/// The one way a route says "redirect instead": it throws this, wherever it is (a step reached
/// out of order, a page that needs someone signed in).
struct RedirectResponse: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

/// Answers a `RedirectResponse` thrown by a route with its redirect. It sits inside the session
/// middleware, so a session the route ended is still removed.
struct RedirectMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as RedirectResponse {
            return redirect.response
        }
    }
}
