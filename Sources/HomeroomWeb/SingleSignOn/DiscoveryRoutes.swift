import Foundation
import HomeroomCore
import Hummingbird

/// The endpoints' paths, under the configured public URL.
enum OIDCPath {
    static let discovery = "/.well-known/openid-configuration"
    static let jwks = "/oauth2/jwks"
    static let authorize = "/oauth2/authorize"
    static let resume = "/oauth2/authorize/resume"
    static let token = "/oauth2/token"
    static let userinfo = "/oauth2/userinfo"
    static let revoke = "/oauth2/revoke"
    static let logout = "/oauth2/logout"
    /// Every path that answers apps rather than pages with forms: no CSRF token, bodies read by the route.
    static let prefix = "/oauth2/"
}

/// OpenID Connect Discovery 1.0 (exactly what is supported) and the JWKS.
struct DiscoveryRoutes: Sendable {
    let sso: SingleSignOn

    /// The discovery document.
    struct Document: Encodable, Sendable {
        let issuer: String
        let authorization_endpoint: String
        let token_endpoint: String
        let userinfo_endpoint: String
        let jwks_uri: String
        let revocation_endpoint: String
        let end_session_endpoint: String
        let scopes_supported: [String]
        let response_types_supported = ["code"]
        let response_modes_supported = ["query"]
        let grant_types_supported = ["authorization_code", "refresh_token"]
        let subject_types_supported = ["public", "pairwise"]
        let id_token_signing_alg_values_supported = SigningAlgorithm.allCases.map(\.rawValue)
        let token_endpoint_auth_methods_supported = ["client_secret_basic", "client_secret_post", "none"]
        let revocation_endpoint_auth_methods_supported = ["client_secret_basic", "client_secret_post", "none"]
        let code_challenge_methods_supported = ["S256"]
        let claims_supported = PersonClaims.supported
        let prompt_values_supported = ["none", "login"]
        let claims_parameter_supported = false
        let request_parameter_supported = false
        let request_uri_parameter_supported = false
        let authorization_response_iss_parameter_supported = true
        let backchannel_logout_supported = true
        let backchannel_logout_session_supported = true
    }

    func document() -> Document {
        let base = sso.issuer
        return Document(issuer: base, authorization_endpoint: base + OIDCPath.authorize, token_endpoint: base + OIDCPath.token,
                        userinfo_endpoint: base + OIDCPath.userinfo, jwks_uri: base + OIDCPath.jwks,
                        revocation_endpoint: base + OIDCPath.revoke, end_session_endpoint: base + OIDCPath.logout,
                        scopes_supported: AuthorizationRequest.supportedScopes)
    }

    func add(to router: Router<AppRequestContext>) {
        let document = document()
        router.get(RouterPath(OIDCPath.discovery)) { _, _ in
            var response = OIDCResponse.json(document)
            response.headers[.cacheControl] = "max-age=300"
            return response
        }
        router.get(RouterPath(OIDCPath.jwks)) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(bytes: sso.keys.jwks)))
        }
    }
}
