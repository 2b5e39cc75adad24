import Foundation
import Hummingbird
import Mustache
import NIOConcurrencyHelpers

/// What the layout template needs on every page.
public struct Chrome: Sendable {
    public let districtName: String
    public let logoURL: String
    public let title: String
    public let lang: String
    public let csrfToken: String
    /// Who is signed in, on signed-in pages: the layout then shows the sign-out button.
    public let signedInAs: String?
}

/// Renders the Mustache templates of `templates/` into HTML responses.
public struct Renderer: Sendable {
    let library: MustacheLibrary
    let districtName: String
    let logoURL: String
    /// Pages that differ from visit to visit only in their CSRF token, rendered once and kept as
    /// the pieces around the token (templates are not re-read while the server runs).
    private let tokenOnlyPages = NIOLockedValueBox<[String: [String]]>([:])
    private static let tokenMarker = "HOMEROOMCSRFTOKENMARKER"

    public init(templatesDirectory: String, districtName: String, logoURL: String) async throws {
        library = try await MustacheLibrary(directory: templatesDirectory)
        self.districtName = districtName
        self.logoURL = logoURL
        guard library.getTemplate(named: "layout") != nil else {
            throw PageError(status: .internalServerError, title: "templates", message: "no layout.mustache in \(templatesDirectory)")
        }
    }

    /// The layout's model; pass `user` on pages for a signed-in person.
    public func chrome(title: String, context: AppRequestContext, user: SignedInUser? = nil) -> Chrome {
        chrome(title: title, csrfToken: context.csrfToken, user: user)
    }

    private func chrome(title: String, csrfToken: String, user: SignedInUser?) -> Chrome {
        Chrome(districtName: districtName, logoURL: logoURL, title: title, lang: "en", csrfToken: csrfToken,
               signedInAs: user?.username)
    }

    /// A page whose model depends only on the layout's chrome (a flow's first, empty form):
    /// rendered once per template and title, then sent with this request's CSRF token.
    public func tokenOnlyPage<Model: Sendable>(_ template: String, title: String, context: AppRequestContext,
                                               model: (Chrome) -> Model) -> Response {
        let key = template + "\u{0}" + title
        let pieces = tokenOnlyPages.withLockedValue { $0[key] } ?? {
            let chrome = chrome(title: title, csrfToken: Self.tokenMarker, user: nil)
            guard let html = library.render(model(chrome), withTemplate: template) else { return [] }
            let pieces = html.components(separatedBy: Self.tokenMarker)
            tokenOnlyPages.withLockedValue { $0[key] = pieces }
            return pieces
        }()
        guard !pieces.isEmpty else { return page(template, model(chrome(title: title, context: context))) }
        return html(pieces.joined(separator: context.csrfToken), status: .ok, headers: [:])
    }

    /// An HTML page, never cached (it may show or ask for personal data).
    public func page(_ template: String, _ model: some Sendable, status: HTTPResponse.Status = .ok,
                     headers extra: HTTPFields = [:]) -> Response {
        guard let text = library.render(model, withTemplate: template) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "template \(template) is missing")))
        }
        return html(text, status: status, headers: extra)
    }

    private func html(_ text: String, status: HTTPResponse.Status, headers extra: HTTPFields) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A 303 See Other to `location` (post/redirect/get).
public func seeOther(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
}
