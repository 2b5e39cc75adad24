import Foundation
import Hummingbird

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
