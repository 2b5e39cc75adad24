import Foundation

/// A checked OpenID Connect authentication request (authorization code flow only). Kept on the
/// server while its person signs in.
public struct AuthorizationRequest: Codable, Sendable, Equatable {
    public let clientID: String
    public let redirectURI: String
    /// The scopes asked for that Homeroom knows, `openid` first.
    public let scopes: [String]
    public let state: String?
    public let nonce: String?
    /// The PKCE S256 challenge, when the client sent one.
    public let codeChallenge: String?
    public let prompt: Set<String>
    /// Seconds since the last sign-in beyond which the person must sign in again.
    public let maxAge: Int?
    public let loginHint: String?

    /// The scopes this provider knows; others are ignored.
    public static let supportedScopes = ["openid", "profile", "email", "roles", "offline_access"]

    /// Why a request cannot go on.
    public enum Refusal: Error, Sendable, Equatable {
        /// The client or its redirect URI cannot be trusted: shown as a page, never a redirect.
        case page(Message)
        /// Sent back to the client's redirect URI (RFC 6749 §4.1.2.1).
        case redirect(OIDCError, redirectURI: String, state: String?)
    }

    /// Checks the parameters (each value as sent; a repeated parameter has several) against the
    /// client's registration. `client` is the one `client_id` names, if any.
    public static func parse(_ parameters: [String: [String]], client: OIDCClient?) -> Result<AuthorizationRequest, Refusal> {
        func single(_ name: String) -> String?? {
            guard let values = parameters[name] else { return .some(nil) }
            return values.count == 1 ? .some(values[0]) : nil
        }
        guard case .some(.some(let clientID)) = single("client_id"), let client, client.clientID == clientID else {
            return .failure(.page(Message("sso.unknownClient")))
        }
        guard case .some(.some(let redirectURI)) = single("redirect_uri"), client.settings.redirectURIs.contains(redirectURI) else {
            return .failure(.page(Message("sso.badRedirect")))
        }
        let state = parameters["state"]?.first
        func refuse(_ error: OIDCError) -> Result<AuthorizationRequest, Refusal> {
            .failure(.redirect(error, redirectURI: redirectURI, state: state))
        }
        if let repeated = parameters.first(where: { $0.value.count > 1 }) {
            return refuse(.invalidRequest("the parameter \(repeated.key) is repeated"))
        }
        let value = { (name: String) in parameters[name]?.first }
        if value("request") != nil { return refuse(OIDCError(code: "request_not_supported", description: "request objects are not supported")) }
        if value("request_uri") != nil {
            return refuse(OIDCError(code: "request_uri_not_supported", description: "request_uri is not supported"))
        }
        guard let responseType = value("response_type") else { return refuse(.invalidRequest("response_type is missing")) }
        guard responseType == "code" else {
            return refuse(OIDCError(code: "unsupported_response_type", description: "only response_type=code is supported"))
        }
        if let mode = value("response_mode"), mode != "query" { return refuse(.invalidRequest("only response_mode=query is supported")) }
        let asked = (value("scope") ?? "").split(separator: " ").map(String.init)
        guard asked.contains("openid") else { return refuse(OIDCError(code: "invalid_scope", description: "the openid scope is required")) }
        let challenge = value("code_challenge")
        let method = value("code_challenge_method")
        if challenge != nil || method != nil {
            guard method == "S256" else { return refuse(.invalidRequest("code_challenge_method must be S256")) }
            guard let challenge, PKCE.isWellFormed(challenge) else { return refuse(.invalidRequest("code_challenge is not valid")) }
        } else if client.isPublic || !client.settings.pkceOptional {
            return refuse(.invalidRequest("PKCE (code_challenge with S256) is required"))
        }
        let prompt = Set((value("prompt") ?? "").split(separator: " ").map(String.init))
        if prompt.contains("none") && prompt.count > 1 { return refuse(.invalidRequest("prompt=none cannot be combined")) }
        var maxAge: Int?
        if let text = value("max_age") {
            guard let seconds = Int(text), seconds >= 0 else { return refuse(.invalidRequest("max_age must be a number of seconds")) }
            maxAge = seconds
        }
        let scopes = supportedScopes.filter(asked.contains)
        return .success(AuthorizationRequest(
            clientID: clientID, redirectURI: redirectURI, scopes: scopes, state: state,
            nonce: value("nonce").map { String($0.prefix(512)) }, codeChallenge: challenge, prompt: prompt, maxAge: maxAge,
            loginHint: value("login_hint").map { String($0.prefix(64)) }))
    }

    /// Whether a sign-in at `authTime` is fresh enough for this request at `now`.
    public func accepts(authTime: Date, now: Date) -> Bool {
        guard let maxAge else { return true }
        return now.timeIntervalSince(authTime) <= TimeInterval(maxAge)
    }
}

/// An error the OAuth 2.0 and OpenID Connect specifications name, with a description for people.
public struct OIDCError: Error, Sendable, Equatable, Codable {
    public let code: String
    public let description: String

    public init(code: String, description: String) {
        self.code = code
        self.description = description
    }

    public static func invalidRequest(_ description: String) -> OIDCError { OIDCError(code: "invalid_request", description: description) }
    public static func invalidGrant(_ description: String) -> OIDCError { OIDCError(code: "invalid_grant", description: description) }
    public static let invalidClient = OIDCError(code: "invalid_client", description: "client authentication failed")
    public static let loginRequired = OIDCError(code: "login_required", description: "the person is not signed in")
    public static let accessDenied = OIDCError(code: "access_denied", description: "the person may not use this app")
}

/// Proof Key for Code Exchange (RFC 7636), S256 only.
public enum PKCE {
    /// 43 to 128 of the unreserved characters.
    public static func isWellFormed(_ value: String) -> Bool {
        (43...128).contains(value.utf8.count)
            && value.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "~") }
    }

    /// Whether `verifier` is the one `challenge` was made from: BASE64URL(SHA256(verifier)).
    public static func verify(_ verifier: String, challenge: String) -> Bool {
        isWellFormed(verifier) && Secrets.constantTimeEqual(Secrets.base64url(Secrets.sha256(verifier)), challenge)
    }
}

extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
    }
}
