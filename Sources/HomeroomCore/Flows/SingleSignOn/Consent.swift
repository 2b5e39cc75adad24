import Foundation

extension SingleSignOn {
    /// What each scope lets an app know, as catalog keys, for the consent page and the portal.
    public static func consentKeys(_ scopes: [String]) -> [String] {
        scopes.compactMap { ["openid": "sso.scope.openid", "profile": "sso.scope.profile", "email": "sso.scope.email",
                             "roles": "sso.scope.roles", "offline_access": "sso.scope.offlineAccess"][$0] }
    }

    /// The apps `username` allowed.
    public func consents(username: String) async throws -> [Consent] {
        try await core.database.consents(username: username)
    }

    /// Withdraws `username`'s consent to `clientID` and revokes that app's tokens for them.
    public func withdrawConsent(username: String, clientID: String, by actor: Actor) async throws -> Bool {
        try await core.database.withdrawConsent(username: username, clientID: clientID, at: core.now,
                                                audit: core.event(.withdrawConsent, by: actor, subject: username, outcome: .success,
                                                                  reason: clientID))
    }
}
