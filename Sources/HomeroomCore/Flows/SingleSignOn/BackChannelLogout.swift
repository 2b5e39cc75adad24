import Foundation
import JWTKit

/// A logout token (OpenID Connect Back-Channel Logout 1.0 §2.4): which sign-in ended, for which app.
public struct LogoutTokenPayload: JWTPayload, Equatable {
    public static let event = "http://schemas.openid.net/event/backchannel-logout"

    public let iss: String
    public let sub: String
    public let aud: String
    public let iat: Int
    public let exp: Int
    public let jti: String
    public let sid: String
    public let events: [String: [String: String]]

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

extension SingleSignOn {
    /// How long after the first try each retry of a failed delivery waits; then it is given up.
    static let logoutRetries: [TimeInterval] = [5, 30, 120, 600]

    /// A logout to deliver: where to, and the signed token to send there.
    public struct LogoutDelivery: Sendable {
        public let pending: PendingLogout
        public let uri: String
        public let token: String
    }

    /// The logouts due now, each with its signed token.
    public func dueLogouts() async throws -> [LogoutDelivery] {
        var deliveries: [LogoutDelivery] = []
        for pending in try await core.database.dueLogouts(at: core.now) {
            guard let client = try await client(id: pending.clientID) else {
                try await core.database.logoutAttempted(id: pending.id, retryAt: nil)
                continue
            }
            let now = Int(core.now.timeIntervalSince1970)
            let payload = LogoutTokenPayload(iss: issuer, sub: try await subject(of: pending.username, for: client), aud: client.clientID,
                                             iat: now, exp: now + 120, jti: Secrets.randomToken(bytes: 16), sid: pending.sessionID,
                                             events: [LogoutTokenPayload.event: [:]])
            deliveries.append(LogoutDelivery(pending: pending, uri: pending.uri,
                                             token: try await keys.sign(payload, algorithm: client.settings.signingAlgorithm)))
        }
        return deliveries
    }

    /// Records a delivery's attempt: done, to be tried again later, or (after the last retry) given up; audited.
    public func logoutAttempted(_ delivery: LogoutDelivery, delivered: Bool, by actor: Actor) async throws {
        let attempts = delivery.pending.attempts
        let retryAt = delivered || attempts >= Self.logoutRetries.count ? nil : core.now + Self.logoutRetries[attempts]
        try await core.database.logoutAttempted(id: delivery.pending.id, retryAt: retryAt)
        if delivered || retryAt == nil {
            await core.audit(.backchannelLogout, by: actor, subject: delivery.pending.username, outcome: delivered ? .success : .failure,
                             reason: delivery.pending.clientID)
        }
    }
}
