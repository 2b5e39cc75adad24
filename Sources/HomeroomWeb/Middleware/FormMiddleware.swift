import Foundation
import HomeroomCore
import Hummingbird
import NIOCore

/// Gives every browser a CSRF cookie and every page its token; for a POST, collects the body
/// (at most `maxBodyBytes`), refuses it with 403 unless its `csrf_token` belongs to the cookie,
/// and hands the decoded fields to the route in `context.form`.
struct FormMiddleware: RouterMiddleware {
    let csrf: CSRF
    let secureCookies: Bool

    /// Most bytes a form body may have; more is answered with 413.
    static let maxBodyBytes = 16 * 1024
    /// A badge page's camera frame: 320 × 240 gray bytes in base64url, and its other fields.
    static let maxFrameBodyBytes = 128 * 1024

    /// The body limit of a POST to `path`.
    static func maxBodyBytes(for path: String) -> Int {
        path == BadgeRoutes.framePath ? maxFrameBodyBytes : maxBodyBytes
    }

    /// Decodes a body with Hummingbird's form decoder. Repeated fields, invalid percent-escapes
    /// and invalid UTF-8 are refused with a page that says so.
    static func decode(_ body: ByteBuffer) throws -> FormFields {
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw PageError.badRequest(Message("error.notUTF8"))
        }
        do {
            let values = try URLEncodedFormDecoder().decode([String: String].self, from: text)
            // The decoder turns percent-escaped bytes that are not UTF-8 into U+FFFD.
            if values.contains(where: { $0.key.contains("\u{FFFD}") || $0.value.contains("\u{FFFD}") }) {
                throw PageError.badRequest(Message("error.notUTF8"))
            }
            return FormFields(values)
        } catch let error as PageError {
            throw error
        } catch let error as URLEncodedFormError {
            if String(describing: error).contains("duplicate") {
                throw PageError.badRequest(Message("error.duplicateField"))
            }
            throw PageError.badRequest(Message("error.unreadable"))
        } catch {
            throw PageError.badRequest(Message("error.unreadable"))
        }
    }

    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let cookieValue = request.cookies[CSRF.cookieName]?.value.description
        let isNew = cookieValue == nil || cookieValue!.count != 43
        let value = isNew ? Secrets.randomToken() : cookieValue!
        context.csrfToken = csrf.token(for: value)
        // Apps post to the single-sign-on endpoints from elsewhere; those routes read their own bodies.
        if request.method == .post && !request.uri.path.hasPrefix(OIDCPath.prefix) {
            let type = request.headers[.contentType] ?? ""
            guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
                throw PageError.badRequest(Message("error.notAForm"))
            }
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: Self.maxBodyBytes(for: request.uri.path))
            } catch is NIOTooManyBytesError {
                throw PageError.tooLarge
            }
            let form = try Self.decode(body)
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
