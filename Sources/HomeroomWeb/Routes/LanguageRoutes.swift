import Foundation
import HomeroomCore
import Hummingbird

/// `GET /language/{code}?back=/path`: the visible switch. Keeps the choice in a cookie for the
/// browser session and goes back to the page it was used on (a path on this server only).
struct LanguageRoutes: Sendable {
    let secureCookies: Bool

    func add(to router: Router<AppRequestContext>) {
        router.get("/language/:code") { request, context in
            guard let language = context.parameters.get("code").flatMap(Language.init(rawValue:)) else {
                throw PageError.notFound
            }
            let back = Self.safeBack(request.uri.queryParameters["back"].map(String.init))
            var response = seeOther(back)
            let cookie = Cookie(name: LanguageMiddleware.cookieName, value: language.rawValue, path: "/",
                                secure: secureCookies, httpOnly: true, sameSite: .lax)
            response.headers[values: .setCookie].append(cookie.description)
            return response
        }
    }

    /// `back` when it is a path on this server, else `/`: the switch never sends anyone elsewhere.
    static func safeBack(_ back: String?) -> String {
        guard let back, PortalResource.isPathOnThisServer(back),
              back.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else { return "/" }
        return back
    }

    /// The page a form posted to `path` belongs to, where the switch on its answer goes back to:
    /// the path itself where it has a page, else the page that holds the form.
    static func page(afterPosting path: String) -> String {
        let parts = path.split(separator: "/")
        switch parts.first {
        case "login", "logout": return "/"
        case "admin" where parts.count > 2 && parts[1] == "staff": return "/admin/staff"
        case "admin" where parts.count >= 2 && parts[1] == "apps": return "/admin/apps"
        case "admin" where parts.count > 3 && parts[1] == "students": return "/admin/students/" + parts[2]
        default: return path
        }
    }

    /// The switch's link on a page at `path`.
    static func link(to language: Language, from path: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "/-_.~"))
        return "/language/\(language.rawValue)?back=" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/")
    }
}
