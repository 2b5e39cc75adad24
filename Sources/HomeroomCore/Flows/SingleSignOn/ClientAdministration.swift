import Foundation

/// Registering apps and rotating the server's signing keys: the rule book the `homeroom oidc`
/// commands use (and the console, when it offers the same), each change audited in its transaction.
public struct ClientAdministration: Sendable {
    let core: CoreServices

    public init(core: CoreServices) { self.core = core }

    /// Registers an app. A confidential one gets a secret, returned here once and stored only as
    /// its SHA-256; a public one (native, single-page) has none and must use PKCE.
    public func add(name: String, settings: OIDCClient.Settings, isPublic: Bool,
                    by actor: Actor) async throws -> (client: OIDCClient, secret: String?) {
        let name = name.trimmingCharacters(in: .whitespaces)
        if let problem = Self.problem(name: name, settings: settings, isPublic: isPublic) { throw problem }
        let secret = isPublic ? nil : Secrets.randomToken()
        let client = OIDCClient(clientID: Secrets.randomToken(bytes: 12), name: name, secretHash: secret.map(Secrets.sha256Hex),
                                settings: settings)
        try await core.database.addClient(client, at: core.now, audit: core.event(.addClient, by: actor, subject: client.clientID,
                                                                            outcome: .success, reason: name))
        return (client, secret)
    }

    /// Why `add` would refuse this registration, if it would: the console asks before confirming.
    public static func problem(name: String, settings: OIDCClient.Settings, isPublic: Bool) -> ClientError? {
        guard (1...100).contains(name.count) else { return .invalid(Message("admin.apps.problem.name")) }
        if let problem = settings.problem() { return .invalid(problem) }
        if isPublic && settings.pkceOptional { return .invalid(Message("admin.apps.problem.publicPKCE")) }
        return nil
    }

    public func remove(id: String, by actor: Actor) async throws {
        guard try await core.database.removeClient(id: id, audit: core.event(.removeClient, by: actor, subject: id, outcome: .success)) else {
            throw ClientError.noSuchClient(id)
        }
    }

    /// A new secret for a confidential app, returned once; the old one stops working at once.
    public func rotateSecret(id: String, by actor: Actor) async throws -> String {
        let secret = Secrets.randomToken()
        let event = core.event(.rotateClientSecret, by: actor, subject: id, outcome: .success)
        guard try await core.database.setClientSecret(id: id, secretHash: Secrets.sha256Hex(secret), at: core.now, audit: event) else {
            throw ClientError.noSuchClient(id)
        }
        return secret
    }

    /// New signing keys for every algorithm; the old ones are retired but stay published until
    /// every token they signed has expired, and keys retired longer ago than that are dropped.
    public func rotateKeys(by actor: Actor) async throws -> [SigningKeyRecord] {
        let keys = try SigningAlgorithm.allCases.map { try SigningKeys.newKey($0, at: core.now) }
        for key in keys {
            _ = try await core.database.addSigningKey(key, onlyIfNone: false, audit: core.event(.rotateSigningKeys, by: actor, subject: key.kid, outcome: .success,
                                                                   reason: key.algorithm.rawValue))
        }
        let longestToken = TimeInterval(max(core.config.singleSignOn.accessTokenMinutes * 60, Int(SingleSignOn.codeLifetime)))
        try await core.database.dropSigningKeys(retiredBefore: core.now - longestToken - 3600)
        return keys
    }
}
