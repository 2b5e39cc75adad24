import Foundation
import HomeroomCore
import Hummingbird

/// The token endpoint, token revocation (RFC 7009) and userinfo: what apps call directly.
/// Every answer is JSON with `Cache-Control: no-store`; nothing here is a page.
struct TokenRoutes: Sendable {
    let sso: SingleSignOn

    func add(to router: Router<AppRequestContext>) {
        router.post(RouterPath(OIDCPath.token)) { request, context in try await token(request, context) }
        router.post(RouterPath(OIDCPath.revoke)) { request, context in try await revoke(request, context) }
        router.get(RouterPath(OIDCPath.userinfo)) { request, _ in try await userInfo(request) }
        router.post(RouterPath(OIDCPath.userinfo)) { request, _ in try await userInfo(request) }
    }

    /// A token or revocation request's form and the client it proves, or the error to answer.
    enum Authentication {
        case client(OIDCParameters, OIDCClient)
        case refused(Response)
    }

    func authenticated(_ request: Request, _ context: AppRequestContext) async throws -> Authentication {
        guard let parameters = await OIDCParameters.of(request) else {
            return .refused(OIDCResponse.error(.invalidRequest("the body must be an application/x-www-form-urlencoded form")))
        }
        if let repeated = parameters.repeated {
            return .refused(OIDCResponse.error(.invalidRequest("the parameter \(repeated) is repeated")))
        }
        let basic = Self.basicCredentials(request.headers[.authorization])
        if request.headers[.authorization] != nil && basic == nil {
            return .refused(Self.unauthorized)
        }
        if basic != nil && parameters["client_secret"] != nil {
            return .refused(OIDCResponse.error(.invalidRequest("use one client authentication method, not two")))
        }
        guard let credentials = basic ?? parameters["client_id"].map({ ClientCredentials(clientID: $0, secret: parameters["client_secret"]) })
        else { return .refused(Self.unauthorized) }
        if let basic, let id = parameters["client_id"], id != basic.clientID {
            return .refused(OIDCResponse.error(.invalidRequest("client_id differs from the authenticated client")))
        }
        switch try await sso.authenticate(credentials, by: context.actor()) {
        case .failure: return .refused(Self.unauthorized)
        case .success(let client): return .client(parameters, client)
        }
    }

    static var unauthorized: Response {
        OIDCResponse.error(.invalidClient, status: .unauthorized, headers: [.wwwAuthenticate: #"Basic realm="homeroom""#])
    }

    /// `client_secret_basic`: the id and secret, each form-urlencoded, in a Basic header (RFC 6749 §2.3.1).
    static func basicCredentials(_ header: String?) -> ClientCredentials? {
        guard let header, header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        func unescape(_ part: Substring) -> String? { part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
        guard let id = unescape(text[..<colon]), let secret = unescape(text[text.index(after: colon)...]), !id.isEmpty else { return nil }
        return ClientCredentials(clientID: id, secret: secret)
    }

    func token(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let parameters: OIDCParameters, client: OIDCClient
        switch try await authenticated(request, context) {
        case .refused(let response): return response
        case .client(let form, let proven): (parameters, client) = (form, proven)
        }
        let result: Result<TokenResponse, OIDCError>
        switch parameters["grant_type"] {
        case "authorization_code":
            guard let code = parameters["code"] else { return OIDCResponse.error(.invalidRequest("code is missing")) }
            result = try await sso.exchange(code: code, redirectURI: parameters["redirect_uri"], verifier: parameters["code_verifier"],
                                            client: client, by: context.actor())
        case "refresh_token":
            guard let token = parameters["refresh_token"] else { return OIDCResponse.error(.invalidRequest("refresh_token is missing")) }
            result = try await sso.refresh(token: token, client: client, by: context.actor())
        case nil:
            return OIDCResponse.error(.invalidRequest("grant_type is missing"))
        case .some:
            return OIDCResponse.error(OIDCError(code: "unsupported_grant_type", description: "only authorization_code and refresh_token"))
        }
        switch result {
        case .success(let tokens): return OIDCResponse.json(tokens)
        case .failure(let error): return OIDCResponse.error(error)
        }
    }

    func revoke(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        switch try await authenticated(request, context) {
        case .refused(let response): return response
        case .client(let parameters, let client):
            guard let token = parameters["token"] else { return OIDCResponse.error(.invalidRequest("token is missing")) }
            try await sso.revoke(token: token, client: client, by: context.actor())
            return Response(status: .ok, headers: [.cacheControl: "no-store"])
        }
    }

    /// The bearer token of a userinfo request: in the Authorization header, or (RFC 6750 §2.2) as
    /// `access_token` in a POSTed form; never both.
    func bearerToken(_ request: Request) async -> String? {
        let header = request.headers[.authorization]
        if let header, header.lowercased().hasPrefix("bearer ") { return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        guard header == nil, request.method == .post, let form = await OIDCParameters.of(request), form.repeated == nil else { return nil }
        return form["access_token"]
    }

    func userInfo(_ request: Request) async throws -> Response {
        guard let token = await bearerToken(request) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: #"Bearer realm="homeroom""#, .cacheControl: "no-store"])
        }
        guard let info = try await sso.userInfo(accessToken: token) else {
            return OIDCResponse.error(OIDCError(code: "invalid_token", description: "the access token is unknown, expired or revoked"),
                                      status: .unauthorized,
                                      headers: [.wwwAuthenticate: #"Bearer realm="homeroom", error="invalid_token""#])
        }
        return OIDCResponse.json(info)
    }
}
