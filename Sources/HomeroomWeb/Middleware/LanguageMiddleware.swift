import Foundation
import HomeroomCore
import Hummingbird

/// Picks each request's language: the switch's cookie, else `Accept-Language`, else the
/// district's default; and gives the route that language's messages and the page's path.
struct LanguageMiddleware: RouterMiddleware {
    static let cookieName = "homeroom_lang"
    let catalog: MessageCatalog
    let fallback: Language

    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        let chosen = request.cookies[Self.cookieName].flatMap { Language(rawValue: $0.value.description) }
        let language = chosen ?? request.headers[.acceptLanguage].flatMap(Language.preferred(by:)) ?? fallback
        context.t = catalog[language]
        context.path = request.method == .get ? request.uri.path : LanguageRoutes.page(afterPosting: request.uri.path)
        var response = try await next(request, context)
        if chosen == nil { response.headers[values: .vary].append("Accept-Language") }
        return response
    }
}
