import Foundation
import Hummingbird

/// The languages every page comes in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en, es

    /// The language the switch offers on a page in this one.
    public var other: Language { self == .en ? .es : .en }

    /// The supported language a browser's `Accept-Language` ranks highest (`es-MX;q=0.8` counts
    /// as `es`), or nil when it names none of them. Ranges with `q=0` are refusals. Read from the
    /// header's bytes: it runs on every request.
    public static func preferred(by header: String) -> Language? {
        var best: (language: Language, quality: Double)?
        for item in header.utf8.split(separator: UInt8(ascii: ",")) {
            let parts = item.split(separator: UInt8(ascii: ";"))
            guard let range = parts.first.map(trimmed), !range.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst().map(trimmed) where parameter.starts(with: "q=".utf8) {
                quality = Double(String(decoding: parameter.dropFirst(2), as: UTF8.self)) ?? 0
            }
            let primary = String(decoding: range.prefix { $0 != UInt8(ascii: "-") }, as: UTF8.self).lowercased()
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language
    }

    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return bytes[bytes.endIndex...]
        }
        return bytes[first...last]
    }
}

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
