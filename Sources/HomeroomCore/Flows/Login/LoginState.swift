import Foundation

/// The username step done: whose password the next step asks for. Kept for any username,
/// existing or not, so the first step reveals nothing.
public struct LoginFlow: Codable, Sendable, Equatable {
    public let username: String
    public let startedAt: Date

    public init(username: String, startedAt: Date) {
        self.username = username
        self.startedAt = startedAt
    }

    public func isExpired(now: Date, idle: TimeInterval) -> Bool {
        now.timeIntervalSince(startedAt) > idle
    }
}

/// How long a signed-in session lasts.
public struct SessionLimits: Sendable, Equatable {
    /// Seconds without a request after which the session ends.
    public let idle: TimeInterval
    /// Seconds after sign-in after which the session ends, however busy.
    public let absolute: TimeInterval

    public init(idle: TimeInterval, absolute: TimeInterval) {
        self.idle = idle
        self.absolute = absolute
    }
}

/// Whether a signed-in session may still be used.
public enum SessionStatus: Sendable, Equatable {
    case valid
    case idleTimeout
    case absoluteTimeout
    /// Ended elsewhere: a sign-out everywhere, a reset, a technician.
    case ended
}

/// A signed-in person, kept in the server-side session. Pure checks, driven by tests without HTTP.
public struct SignedInUser: Codable, Sendable, Equatable {
    public let username: String
    public let role: PortalRole
    /// The name the portal greets.
    public let firstName: String
    public let signedInAt: Date
    public private(set) var lastSeenAt: Date
    /// The account's session epoch at sign-in; a higher one in the store means "ended".
    public let epoch: Int
    /// This sign-in's own id (`sid` in single sign-on), random.
    public let sessionID: String
    /// How the person signed in (the audit and single sign-on's `amr` say so).
    public let method: SignInMethod

    public init(username: String, role: PortalRole, firstName: String, signedInAt: Date, epoch: Int,
                sessionID: String = Secrets.randomToken(bytes: 16), method: SignInMethod = .password) {
        self.username = username
        self.role = role
        self.firstName = firstName
        self.signedInAt = signedInAt
        self.lastSeenAt = signedInAt
        self.epoch = epoch
        self.sessionID = sessionID
        self.method = method
    }

    enum CodingKeys: String, CodingKey { case username, role, firstName, signedInAt, lastSeenAt, epoch, sessionID, method }

    /// Sessions stored before sign-ins had ids get one now.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        username = try c.decode(String.self, forKey: .username)
        role = try c.decode(PortalRole.self, forKey: .role)
        firstName = try c.decode(String.self, forKey: .firstName)
        signedInAt = try c.decode(Date.self, forKey: .signedInAt)
        lastSeenAt = try c.decode(Date.self, forKey: .lastSeenAt)
        epoch = try c.decode(Int.self, forKey: .epoch)
        sessionID = try c.decodeIfPresent(String.self, forKey: .sessionID) ?? Secrets.randomToken(bytes: 16)
        method = try c.decodeIfPresent(SignInMethod.self, forKey: .method) ?? .password
    }

    /// Whether the session may be used at `now`, given the account's epoch in the store.
    public func status(now: Date, limits: SessionLimits, currentEpoch: Int) -> SessionStatus {
        if currentEpoch != epoch { return .ended }
        if now.timeIntervalSince(signedInAt) >= limits.absolute { return .absoluteTimeout }
        if now.timeIntervalSince(lastSeenAt) >= limits.idle { return .idleTimeout }
        return .valid
    }

    /// The same session, seen at `now`.
    public func seen(at now: Date) -> SignedInUser {
        var copy = self
        copy.lastSeenAt = now
        return copy
    }

    /// Seconds the stored session record should live from `now`: the idle limit, cut short by
    /// the absolute one.
    public func recordLifetime(now: Date, limits: SessionLimits) -> Int64 {
        let left = limits.absolute - now.timeIntervalSince(signedInAt)
        return Int64(max(1, min(limits.idle, left)).rounded(.up))
    }
}

/// How a session was signed in.
public enum SignInMethod: String, Codable, Sendable {
    /// A password (the student's or staff member's own, or PAM).
    case password
    /// A QR badge or its short code (`/badge`).
    case badge

    /// Its `amr` values in single sign-on (RFC 8176 `pwd`; a badge is something the child holds,
    /// for which RFC 8176 has no value, so Homeroom names it `badge`).
    public var amr: [String] {
        switch self {
        case .password: ["pwd"]
        case .badge: ["badge"]
        }
    }
}

/// Why a sign-in failed. The person sees one fixed message for all; the audit table keeps the reason.
public enum SignInFailure: String, Error, Sendable {
    case unknownUser = "unknown_user"
    case unclaimed
    case disabled
    case wrongPassword = "wrong_password"
    /// A staff account with no local password while PAM is off.
    case noPassword = "no_password"
}

/// Who a successful sign-in proved to be.
public struct SignInIdentity: Sendable, Equatable {
    public let username: String
    public let role: PortalRole
    public let firstName: String
}
