import Foundation
import HomeroomCore
import Hummingbird
import Mustache
import NIOConcurrencyHelpers

/// What the layout template needs on every page.
public struct Chrome: Sendable {
    public let districtName: String
    public let logoURL: String
    public let title: String
    /// The page's language, for `<html lang>`.
    public let lang: String
    public let csrfToken: String
    /// Who is signed in, on signed-in pages: the layout then shows the sign-out button.
    public let signedInAs: String?
    /// The language switch: the other language's code, its own name, and the link that picks it.
    public let otherLang: String
    public let otherLanguageName: String
    public let otherLanguageLink: String
    /// The page's messages: templates read them as `{{t.key}}`.
    let t: Messages
}

/// A template's model: every page names its template and has the layout's chrome.
protocol PageModel: Sendable {
    static var template: Template { get }
    var chrome: Chrome { get }
}

/// Renders the Mustache templates of `templates/` into HTML responses.
public struct Renderer: Sendable {
    let library: MustacheLibrary
    let districtName: String
    let logoURL: String
    /// Every language's messages, for the switch, which names the other language in that language.
    let catalog: MessageCatalog
    /// Pages that differ from visit to visit only in their CSRF token, rendered once and kept as
    /// the pieces around the token (templates are not re-read while the server runs).
    private let tokenOnlyPages = NIOLockedValueBox<[String: [String]]>([:])
    private static let tokenMarker = "HOMEROOMCSRFTOKENMARKER"

    public init(templatesDirectory: String, catalog: MessageCatalog, districtName: String, logoURL: String) async throws {
        library = try await MustacheLibrary(directory: templatesDirectory)
        self.catalog = catalog
        self.districtName = districtName
        self.logoURL = logoURL
        guard library.getTemplate(named: Template.layout.rawValue) != nil else {
            throw MissingTemplate(description: "no layout.mustache in \(templatesDirectory)")
        }
    }

    /// The layout's model, with the title named by the catalog key `title`; pass `user` on pages
    /// for a signed-in person.
    public func chrome(title: String, context: AppRequestContext, user: SignedInUser? = nil) -> Chrome {
        chrome(titleText: context.t[title], context: context, user: user)
    }

    /// The layout's model with a title that is not a catalog text (a student's name).
    public func chrome(titleText: String, context: AppRequestContext, user: SignedInUser? = nil) -> Chrome {
        chrome(titleText: titleText, t: context.t, path: context.path, csrfToken: context.csrfToken, user: user)
    }

    private func chrome(titleText: String, t: Messages, path: String, csrfToken: String, user: SignedInUser?) -> Chrome {
        let other = t.language.other
        return Chrome(districtName: districtName, logoURL: logoURL, title: titleText, lang: t.language.rawValue,
                      csrfToken: csrfToken, signedInAs: user?.username, otherLang: other.rawValue,
                      otherLanguageName: catalog[other]["language.name"], otherLanguageLink: LanguageRoutes.link(to: other, from: path), t: t)
    }

    /// A page whose model depends only on the layout's chrome (a flow's first, empty form):
    /// rendered once per template, title, language and path, then sent with this request's CSRF token.
    func tokenOnlyPage<Model: PageModel>(title: String, context: AppRequestContext, model: (Chrome) -> Model) -> Response {
        let key = [Model.template.rawValue, title, context.t.language.rawValue, context.path].joined(separator: "\u{0}")
        let pieces = tokenOnlyPages.withLockedValue { $0[key] } ?? {
            let chrome = chrome(titleText: context.t[title], t: context.t, path: context.path, csrfToken: Self.tokenMarker, user: nil)
            guard let html = render(model(chrome)) else { return [] }
            let pieces = html.components(separatedBy: Self.tokenMarker)
            tokenOnlyPages.withLockedValue { $0[key] = pieces }
            return pieces
        }()
        guard !pieces.isEmpty else { return page(model(chrome(title: title, context: context))) }
        return html(pieces.joined(separator: context.csrfToken), status: .ok, headers: [:])
    }

    /// The model's page in HTML, never cached (it may show or ask for personal data).
    func page<Model: PageModel>(_ model: Model, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        guard let text = render(model) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "template \(Model.template.rawValue) is missing")))
        }
        return html(text, status: status, headers: extra)
    }

    private func render<Model: PageModel>(_ model: Model) -> String? {
        library.render(LocalizedModel(t: model.chrome.t, model: model), withTemplate: Model.template.rawValue)
    }

    private func html(_ text: String, status: HTTPResponse.Status, headers extra: HTTPFields) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The templates folder lacks the layout every page needs.
struct MissingTemplate: Error, CustomStringConvertible {
    let description: String
}

/// A page model with its messages beside it, so every template and partial can say `{{t.key}}`.
/// Other names are the model's stored properties, looked up as swift-mustache does (optionals unwrapped).
struct LocalizedModel: MustacheParent {
    let t: Messages
    let model: Any

    func child(named name: String) -> Any? {
        if name == "t" { return t }
        guard let value = Mirror(reflecting: model).children.first(where: { $0.label == name })?.value else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// A 303 See Other to `location` (post/redirect/get).
public func seeOther(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
}
