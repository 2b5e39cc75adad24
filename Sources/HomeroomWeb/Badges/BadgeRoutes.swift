import Foundation
import HomeroomCore
import Hummingbird

/// `/badge`: the youngest students sign in by showing their printed QR badge to the camera.
/// The page's script (`static/badge.js`) reads the QR with the browser's `BarcodeDetector` and
/// posts it as the form's `badge` field; without one it posts small grayscale frames to
/// `/badge/frame`, read here with ZBar on the blocking pool and never stored. Without a script
/// the short code printed under the QR is typed into the same form.
struct BadgeRoutes: Sendable {
    let services: AppServices
    let sessions: SignedInSessions
    let badges: BadgeOperations

    /// Where the page's script posts camera frames.
    static let framePath = "/badge/frame"

    func add(to router: Router<AppRequestContext>) {
        router.get("/badge") { _, context in page(context) }
        router.post("/badge") { request, context in try await submit(request, context) }
        router.post(RouterPath(stringLiteral: Self.framePath)) { request, context in try await frame(request, context) }
    }

    func page(_ context: AppRequestContext) -> Response {
        services.renderer.page(BadgeSignInPage(chrome: services.renderer.chrome(title: "badge.title", context: context)))
    }

    /// The badge's QR text or short code, typed or read by the page's script.
    func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var page = BadgeSignInPage(chrome: services.renderer.chrome(title: "badge.title", context: context))
        switch try await signIn(context.form["badge"] ?? "", request, context) {
        case .signedIn: return seeOther("/portal")
        case .failed:
            page.failed = true
            return services.renderer.page(page, status: .unprocessableContent)
        case .throttled:
            page.throttled = true
            return services.renderer.page(page, status: .tooManyRequests)
        case .notHere:
            page.notHere = true
            return services.renderer.page(page, status: .forbidden)
        }
    }

    /// A camera frame (`frame`: base64url of `width` × `height` gray bytes). 204 when it holds no
    /// QR code; otherwise the QR text is tried as a badge and the answer is a small JSON object:
    /// `{"next": "/portal"}` once signed in, or `{"message": …}` with the status `submit` gives.
    func frame(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = context.form
        guard let width = form["width"].flatMap(Int.init), let height = form["height"].flatMap(Int.init),
              let pixels = form["frame"].flatMap(Self.base64URLDecoded),
              width > 0, height > 0, width * height <= QRDecoder.maxPixels, pixels.count == width * height else {
            throw PageError.badRequest(Message("badge.badFrame"))
        }
        let texts = try await services.core.pool.run(.decode) { QRDecoder.decode(gray: pixels, width: width, height: height) }
        guard let text = texts.first(where: { $0.hasPrefix(BadgeCredential.prefix) }) ?? texts.first else {
            return Response(status: .noContent)
        }
        let t = context.t
        switch try await signIn(text, request, context) {
        case .signedIn: return json(.ok, ["next": "/portal"])
        case .failed: return json(.unprocessableContent, ["message": t["badge.failed"]])
        case .throttled: return json(.tooManyRequests, ["message": t["badge.throttled"]])
        case .notHere: return json(.forbidden, ["message": t["badge.notHere"]])
        }
    }

    func signIn(_ shown: String, _ request: Request, _ context: AppRequestContext) async throws -> BadgeOperations.Outcome {
        let outcome = try await badges.signIn(shown, by: context.actor(), endingSession: sessions.storedKey(of: request))
        if case .signedIn(let identity, let epoch) = outcome {
            sessions.start(identity, epoch: epoch, method: .badge, context: context)
        }
        return outcome
    }

    func json(_ status: HTTPResponse.Status, _ object: [String: String]) -> Response {
        let body = (try? JSONEncoder().encode(object)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Bytes of base64url text (RFC 4648 §5, padding optional); nil when it is not that.
    static func base64URLDecoded(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard).map(Array.init)
    }
}

/// `badge/signin.mustache`: the camera and the short-code form.
struct BadgeSignInPage: PageModel {
    static let template = Template.badgeSignIn
    let chrome: Chrome
    var failed = false
    var throttled = false
    var notHere = false
}
