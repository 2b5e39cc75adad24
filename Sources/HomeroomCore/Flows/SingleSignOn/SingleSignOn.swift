import Crypto
import Foundation

/// Homeroom as an OpenID Connect provider: codes for signed-in people, tokens for apps that
/// prove who they are, the claims their scopes allow. HTTP aside: the web floor turns these into
/// the endpoints.
public struct SingleSignOn: Sendable {
    let core: CoreServices
    public let keys: SigningKeys
    let pairwiseKey: SymmetricKey

    /// Codes live this long.
    public static let codeLifetime: TimeInterval = 60
    /// A sign-in in the middle of an authorization may take this long.
    public static let pendingLifetime: TimeInterval = 30 * 60

    public init(core: CoreServices) async throws {
        self.core = core
        keys = try await SigningKeys(database: core.database, now: core.now)
        let secret = try await core.database.secret(named: "pairwise_subject_key") { Secrets.randomToken(bytes: 32) }
        pairwiseKey = SymmetricKey(data: Data(secret.utf8))
    }

    public var issuer: String { core.config.publicURL }

    /// The app registered under `id`.
    public func client(id: String) async throws -> OIDCClient? { try await core.database.client(id: id) }

    // MARK: Authorization

    /// What an authorization for a signed-in person came to.
    public enum AuthorizationOutcome: Sendable, Equatable {
        /// Send the browser here: the client's redirect URI with the code (or an error) and state.
        case redirect(String)
        /// The app is not available for this person's account: a page, no code.
        case notAvailable
        /// The app asks each person's consent, and this person has not given it for these scopes.
        case needsConsent
    }

    /// A code for `user`, if the app admits them and (for an app that asks) they consented;
    /// `consented` says they just did. Audited either way.
    public func authorize(_ request: AuthorizationRequest, client: OIDCClient, user: SignedInUser, consented: Bool = false,
                          by actor: Actor) async throws -> AuthorizationOutcome {
        guard let person = try await person(user.username), client.admits(person) else {
            await core.audit(.authorize, by: actor, subject: user.username, outcome: .failure, reason: "\(client.clientID): not_admitted")
            return .notAvailable
        }
        if client.settings.consent {
            if consented {
                try await core.database.grantConsent(username: user.username, clientID: client.clientID, scopes: request.scopes, at: core.now,
                                                     audit: core.event(.grantConsent, by: actor, subject: user.username, outcome: .success,
                                                                       reason: client.clientID))
            } else {
                let given = try await core.database.consentedScopes(username: user.username, clientID: client.clientID) ?? []
                guard Set(request.scopes).isSubset(of: given) else { return .needsConsent }
            }
        }
        let code = Secrets.randomToken()
        let grant = Grant(clientID: client.clientID, username: user.username, redirectURI: request.redirectURI, scopes: request.scopes,
                          nonce: request.nonce, codeChallenge: request.codeChallenge, authTime: user.signedInAt,
                          sessionID: user.sessionID, methods: user.method.amr)
        try await core.database.issueCode(hash: Secrets.sha256Hex(code), grant: grant, expiresAt: core.now + Self.codeLifetime,
                                          audit: core.event(.authorize, by: actor, subject: user.username, outcome: .success,
                                                            reason: client.clientID))
        return .redirect(Self.redirect(request.redirectURI, ["code": code, "state": request.state, "iss": issuer]))
    }

    /// An error sent back to the client (RFC 6749 §4.1.2.1), audited.
    public func refuse(_ error: OIDCError, redirectURI: String, state: String?, clientID: String?, by actor: Actor) async -> String {
        await core.audit(.authorize, by: actor, subject: clientID, outcome: .failure, reason: error.code)
        return Self.redirect(redirectURI, ["error": error.code, "error_description": error.description, "state": state, "iss": issuer])
    }

    /// `uri` with `parameters` added to its query (nil values left out).
    public static func redirect(_ uri: String, _ parameters: [String: String?]) -> String {
        var components = URLComponents(string: uri)!
        var items = components.queryItems ?? []
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            if let value { items.append(URLQueryItem(name: name, value: value)) }
        }
        components.queryItems = items
        // URLComponents leaves `+` alone in queries; forms read it as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.string!
    }

    // MARK: Pending requests

    /// Keeps `request` while its person signs in; returns the id the browser holds.
    public func keepPending(_ request: AuthorizationRequest) async throws -> String {
        let id = Secrets.randomToken()
        let text = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        try await core.database.putPending(idHash: Secrets.sha256Hex(id), request: text, expiresAt: core.now + Self.pendingLifetime)
        return id
    }

    public func pending(id: String) async throws -> AuthorizationRequest? {
        try await core.database.pending(idHash: Secrets.sha256Hex(id), at: core.now).flatMap {
            try? JSONDecoder().decode(AuthorizationRequest.self, from: Data($0.utf8))
        }
    }

    public func dropPending(id: String) async throws {
        try await core.database.dropPending(idHash: Secrets.sha256Hex(id))
    }

    // MARK: The people behind the tokens

    /// What single sign-on knows of the account `username`, if it is an active one.
    public func person(_ username: String) async throws -> Person? {
        if let id = StudentUsername.studentID(username) {
            guard let student = try await core.database.student(id: id), student.active else { return nil }
            return Person(username: username, role: .student, givenName: student.firstName, familyName: student.lastName,
                          school: student.school, grade: student.grade)
        }
        guard let staff = try await core.database.staff(username: username), staff.active else { return nil }
        let family = staff.displayName.split(separator: " ").dropFirst().joined(separator: " ")
        return Person(username: username, role: PortalRole(staff.role), givenName: staff.firstName, familyName: family,
                      school: nil, grade: nil, email: staff.email)
    }

    /// The subject of `username` for `client`: the account's own, or one of the app's own
    /// (HMAC of the app and the subject) for a pairwise client.
    func subject(of username: String, for client: OIDCClient) async throws -> String {
        let subject = try await core.database.subject(of: username)
        guard client.settings.pairwise else { return subject }
        let mac = HMAC<SHA256>.authenticationCode(for: Data((client.clientID + "\u{0}" + subject).utf8), using: pairwiseKey)
        return Secrets.base64url(Array(mac))
    }

    func claims(_ grant: Grant) async throws -> PersonClaims? {
        try await person(grant.username).map {
            PersonClaims.of($0, scopes: grant.scopes, settings: core.config.singleSignOn, locale: core.config.defaultLanguage)
        }
    }
}
