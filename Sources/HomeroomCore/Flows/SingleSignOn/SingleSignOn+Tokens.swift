import Foundation

/// What the token endpoint answers on success (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3).
public struct TokenResponse: Codable, Sendable, Equatable {
    public let accessToken: String
    public let tokenType: String
    public let expiresIn: Int
    public let idToken: String
    public let refreshToken: String?
    public let scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", idToken = "id_token"
        case refreshToken = "refresh_token", scope
    }
}

/// How a client proved itself at the token or revocation endpoint.
public struct ClientCredentials: Sendable, Equatable {
    public let clientID: String
    /// Nil for a public client (`none`).
    public let secret: String?

    public init(clientID: String, secret: String?) {
        self.clientID = clientID
        self.secret = secret
    }
}

extension SingleSignOn {
    /// The client these credentials prove, or `invalid_client`. Failures are counted per client
    /// from each address, and per address, before the secret is compared (in constant time); a
    /// success takes them back. (Client ids are public: a count per client alone would let anyone
    /// lock the district's Canvas out by sending it wrong secrets.)
    public func authenticate(_ credentials: ClientCredentials, by actor: Actor) async throws -> Result<OIDCClient, OIDCError> {
        let rule = core.config.signInThrottle.perAddress
        let keys = [ThrottleKey(scope: .clientAuthentication, key: String(credentials.clientID.prefix(64)) + " " + actor.address, rule: rule),
                    ThrottleKey(scope: .clientAddress, key: actor.address, rule: rule)]
        guard case .allowed(let ticket) = try await core.database.beginAttempt(keys, at: core.now) else {
            await core.audit(.token, by: actor, subject: credentials.clientID, outcome: .throttled, reason: "invalid_client")
            return .failure(.invalidClient)
        }
        let client = try await core.database.client(id: credentials.clientID)
        let proven: Bool = switch (client?.secretHash, credentials.secret) {
        case (nil, nil): client != nil
        case (let stored?, let given?): Secrets.constantTimeEqual(Secrets.sha256Hex(given), stored)
        default: false
        }
        guard proven, let client else {
            await core.audit(.token, by: actor, subject: credentials.clientID, outcome: .failure, reason: "invalid_client")
            return .failure(.invalidClient)
        }
        try await core.database.forgive(ticket)
        return .success(client)
    }

    /// `grant_type=authorization_code`: the code, once, for the client it was issued to, with the
    /// same redirect URI and the PKCE verifier of its challenge, all checked in the transaction
    /// that spends the code (a wrong verifier spends it too).
    public func exchange(code: String, redirectURI: String?, verifier: String?, client: OIDCClient,
                         by actor: Actor) async throws -> Result<TokenResponse, OIDCError> {
        let (access, refresh) = (Secrets.randomToken(), Secrets.randomToken())
        let tokens = newTokens(access: access, refresh: refresh)
        let outcome = try await core.database.redeemCode(hash: Secrets.sha256Hex(code), clientID: client.clientID, at: core.now) { grant in
            if let problem = Self.problem(with: grant, redirectURI: redirectURI, verifier: verifier) { return .failure(problem) }
            // Refresh tokens only for clients allowed them, or when the person granted offline_access.
            return .success(client.settings.refresh || grant.scopes.contains("offline_access") ? tokens : tokens.withoutRefresh)
        }
        return try await respond(outcome, client: client, accessToken: access, refreshToken: refresh, by: actor,
                                 invalid: .invalidGrant("the code is unknown, expired or another client's"),
                                 reused: .invalidGrant("the code was used before; the tokens issued from it are revoked"))
    }

    static func problem(with grant: Grant, redirectURI: String?, verifier: String?) -> OIDCError? {
        guard redirectURI == grant.redirectURI else { return .invalidGrant("redirect_uri differs from the authorization request's") }
        if let challenge = grant.codeChallenge {
            guard let verifier, PKCE.verify(verifier, challenge: challenge) else { return .invalidGrant("the PKCE code_verifier is wrong") }
        } else if verifier != nil {
            return .invalidGrant("no code_challenge was sent with the authorization request")
        }
        return nil
    }

    /// `grant_type=refresh_token`: a new pair, the old refresh token spent (rotation); a spent
    /// one used again revokes the family.
    public func refresh(token: String, client: OIDCClient, by actor: Actor) async throws -> Result<TokenResponse, OIDCError> {
        let (access, refresh) = (Secrets.randomToken(), Secrets.randomToken())
        let tokens = newTokens(access: access, refresh: refresh)
        let outcome = try await core.database.rotateRefreshToken(hash: Secrets.sha256Hex(token), clientID: client.clientID,
                                                                 at: core.now) { _ in Result<NewTokens, OIDCError>.success(tokens) }
        let refused = OIDCError.invalidGrant("the refresh token is unknown, expired, revoked or spent")
        return try await respond(outcome, client: client, accessToken: access, refreshToken: refresh, by: actor,
                                 invalid: refused, reused: refused)
    }

    /// Revokes a token of `client` (RFC 7009); unknown tokens are no error.
    public func revoke(token: String, client: OIDCClient, by actor: Actor) async throws {
        try await core.database.revokeToken(hash: Secrets.sha256Hex(token), clientID: client.clientID, at: core.now)
        await core.audit(.revokeToken, by: actor, subject: client.clientID, outcome: .success)
    }

    /// What userinfo says to the holder of a live access token, or nil.
    public func userInfo(accessToken: String) async throws -> UserInfo? {
        guard let grant = try await core.database.accessGrant(hash: Secrets.sha256Hex(accessToken), at: core.now),
              let client = try await core.database.client(id: grant.clientID),
              let claims = try await claims(grant) else { return nil }
        return UserInfo(sub: try await subject(of: grant.username, for: client), claims: claims)
    }

    private func newTokens(access: String, refresh: String) -> NewTokens {
        let settings = core.config.singleSignOn
        return NewTokens(accessHash: Secrets.sha256Hex(access), accessExpires: core.now + TimeInterval(settings.accessTokenMinutes * 60),
                         refreshHash: Secrets.sha256Hex(refresh), refreshExpires: core.now + TimeInterval(settings.refreshTokenDays * 86400))
    }

    /// The token response for a redemption, or its error; audited either way.
    private func respond(_ outcome: Redemption<OIDCError>, client: OIDCClient, accessToken: String, refreshToken: String,
                         by actor: Actor, invalid: OIDCError, reused: OIDCError) async throws -> Result<TokenResponse, OIDCError> {
        let refusal: OIDCError
        switch outcome {
        case .redeemed(let grant, let tokens):
            return .success(try await respond(grant, client: client, accessToken: accessToken,
                                              refreshToken: tokens.refreshHash == nil ? nil : refreshToken, by: actor))
        case .refused(let error): refusal = error
        case .invalid: refusal = invalid
        case .reused: refusal = reused
        }
        core.metrics.tokens.count(.refused)
        await core.audit(.token, by: actor, subject: client.clientID, outcome: .failure, reason: refusal.code)
        return .failure(refusal)
    }

    private func respond(_ grant: Grant, client: OIDCClient, accessToken: String, refreshToken: String?,
                         by actor: Actor) async throws -> TokenResponse {
        guard let claims = try await claims(grant) else { throw OIDCError.invalidGrant("the account is no longer active") }
        let now = Int(core.now.timeIntervalSince1970)
        let lifetime = core.config.singleSignOn.accessTokenMinutes * 60
        let payload = IDTokenPayload(iss: issuer, sub: try await subject(of: grant.username, for: client), aud: client.clientID,
                                     exp: now + lifetime, iat: now, authTime: Int(grant.authTime.timeIntervalSince1970),
                                     nonce: grant.nonce, atHash: IDTokenPayload.accessTokenHash(accessToken), sid: grant.sessionID,
                                     amr: grant.methods, claims: claims)
        let idToken = try await keys.sign(payload, algorithm: client.settings.signingAlgorithm)
        core.metrics.tokens.count(.issued)
        await core.audit(.token, by: actor, subject: grant.username, outcome: .success, reason: client.clientID)
        return TokenResponse(accessToken: accessToken, tokenType: "Bearer", expiresIn: lifetime, idToken: idToken,
                             refreshToken: refreshToken, scope: grant.scopes.joined(separator: " "))
    }
}
