import Foundation
import Hummingbird
import Mustache

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
        Chrome(districtName: districtName, logoURL: logoURL, title: title, lang: "en", csrfToken: context.csrfToken,
               signedInAs: user?.username)
    }

    /// An HTML page, never cached (it may show or ask for personal data).
    public func page(_ template: String, _ model: some Sendable, status: HTTPResponse.Status = .ok,
                     headers extra: HTTPFields = [:]) -> Response {
        guard let html = library.render(model, withTemplate: template) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "template \(template) is missing")))
        }
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// A 303 See Other to `location` (post/redirect/get).
public func seeOther(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
}
