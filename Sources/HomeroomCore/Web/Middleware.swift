import Foundation
import Hummingbird
import Logging
import NIOCore

/// Security headers on every response, errors included.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The Content-Security-Policy: this server only, no inline script; images also from the
    /// `https://` origins the configuration names (the logo, resource icons).
    let contentSecurityPolicy: String

    init(imageOrigins: [String] = []) {
        let images = (["'self'", "data:"] + imageOrigins).joined(separator: " ")
        contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src \(images); "
            + "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    }

    /// The distinct `https://host[:port]` origins of `links`; paths on this server need none.
    static func origins(of links: [String]) -> [String] {
        var seen: [String] = []
        for link in links {
            guard let url = URL(string: link), url.scheme == "https", let host = url.host else { continue }
            let origin = "https://\(host)" + (url.port.map { ":\($0)" } ?? "")
            if !seen.contains(origin) { seen.append(origin) }
        }
        return seen
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// Turns every error into a page a person can read: never a stack trace, never an empty 500.
struct ErrorPageMiddleware: RouterMiddleware {
    let renderer: Renderer

    /// The model of `error.mustache`.
    struct ErrorPage: PageModel {
        let chrome: Chrome
        let message: String
    }

    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageError {
            return render(error, context: context)
        } catch is BlockingPool.Saturated {
            return render(.busy, context: context)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound: return render(.notFound, context: context)
            case .contentTooLarge: return render(.tooLarge, context: context)
            case .methodNotAllowed:
                return render(PageError(status: .methodNotAllowed, title: "error.methodTitle", message: Message("error.method")),
                              context: context)
            default:
                return render(.badRequest(Message("error.badRequest")), context: context)
            }
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return render(.internalError, context: context)
        }
    }

    func render(_ error: PageError, context: AppRequestContext) -> Response {
        let page = ErrorPage(chrome: renderer.chrome(title: error.title, context: context), message: context.t.text(error.message))
        return renderer.page("error", page, status: error.status, headers: error.headers)
    }
}

/// Gives every browser a CSRF cookie and every page its token; for a POST, collects the body
/// (at most `FormFields.maxBodyBytes`), refuses it with 403 unless its `csrf_token` belongs to
/// the cookie, and hands the decoded fields to the route in `context.form`.
struct FormMiddleware: RouterMiddleware {
    let csrf: CSRF
    let secureCookies: Bool

    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let cookieValue = request.cookies[CSRF.cookieName]?.value.description
        let isNew = cookieValue == nil || cookieValue!.count != 43
        let value = isNew ? Secrets.randomToken() : cookieValue!
        context.csrfToken = csrf.token(for: value)
        if request.method == .post {
            let type = request.headers[.contentType] ?? ""
            guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
                throw PageError.badRequest(Message("error.notAForm"))
            }
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: FormFields.maxBodyBytes)
            } catch is NIOTooManyBytesError {
                throw PageError.tooLarge
            }
            let form = try FormFields.decode(body)
            guard !isNew, csrf.isValid(token: form[CSRF.fieldName], cookieValue: value) else { throw PageError.csrf }
            context.form = form
        }
        var response = try await next(request, context)
        if isNew {
            let cookie = Cookie(name: CSRF.cookieName, value: value, path: "/", secure: secureCookies,
                                httpOnly: true, sameSite: .lax)
            response.headers[values: .setCookie].append(cookie.description)
        }
        return response
    }
}

/// A redirect thrown by a route, or carried in a `Result`'s failure.
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
