import Crypto
import Foundation

/// CSRF protection by a signed double-submit cookie (OWASP): the browser holds a random value
/// in an HttpOnly cookie; each form carries HMAC(secret, value), which a cross-site page can
/// neither read nor compute. Needs no server-side write, so the landing page stays cheap.
public struct CSRF: Sendable {
    public static let cookieName = "homeroom_csrf"
    public static let fieldName = "csrf_token"
    private let key: SymmetricKey

    public init(secret: Data) { key = SymmetricKey(data: secret) }

    /// The form token that belongs to a cookie value.
    public func token(for cookieValue: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(cookieValue.utf8), using: key)
        return Secrets.base64url(Array(mac))
    }

    /// Whether the submitted token belongs to the cookie, compared in constant time.
    public func isValid(token: String?, cookieValue: String?) -> Bool {
        guard let token, let cookieValue, !cookieValue.isEmpty else { return false }
        return Secrets.constantTimeEqual(token, self.token(for: cookieValue))
    }
}
