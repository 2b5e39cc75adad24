import Foundation

/// Homeroom as an OpenID Connect provider for the district's apps.
public struct SingleSignOnSettings: Codable, Sendable, Equatable {
    /// Minutes an access token is good for.
    public var accessTokenMinutes = 10
    /// Days a refresh token (and its rotated successors) stays usable.
    public var refreshTokenDays = 30
    /// The domain of students' email addresses (`s1234567@students.example.org`); without it the
    /// `email` scope gives students no email claim.
    public var studentEmailDomain: String?
    /// The domain of staff email addresses (`username@staff.example.org`); without it staff get none.
    public var staffEmailDomain: String?
    /// Whether the district vouches that those addresses are the people's own (`email_verified`).
    public var emailVerified = false

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SingleSignOnSettings()
        accessTokenMinutes = try c.decodeIfPresent(Int.self, forKey: .accessTokenMinutes) ?? d.accessTokenMinutes
        refreshTokenDays = try c.decodeIfPresent(Int.self, forKey: .refreshTokenDays) ?? d.refreshTokenDays
        studentEmailDomain = try c.decodeIfPresent(String.self, forKey: .studentEmailDomain)
        staffEmailDomain = try c.decodeIfPresent(String.self, forKey: .staffEmailDomain)
        emailVerified = try c.decodeIfPresent(Bool.self, forKey: .emailVerified) ?? d.emailVerified
    }

    func validate() throws {
        guard (1...60).contains(accessTokenMinutes) else {
            throw ConfigError(setting: "singleSignOn.accessTokenMinutes", problem: "must be between 1 and 60")
        }
        guard (1...365).contains(refreshTokenDays) else {
            throw ConfigError(setting: "singleSignOn.refreshTokenDays", problem: "must be between 1 and 365")
        }
        for (name, domain) in [("studentEmailDomain", studentEmailDomain), ("staffEmailDomain", staffEmailDomain)] {
            guard let domain else { continue }
            guard domain.range(of: "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", options: .regularExpression) != nil else {
                throw ConfigError(setting: "singleSignOn.\(name)", problem: "must be a lower-case domain like students.example.org")
            }
        }
    }
}

/// Where the portal is reached from outside: the issuer of its tokens and the base of every
/// single-sign-on endpoint.
public enum PublicURL {
    /// `https://host[:port][/path]`, or `http://` on a loopback host (a test or a single machine);
    /// never a trailing slash, query or fragment.
    public static func isValid(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil, url.user == nil, !text.hasSuffix("/") else { return false }
        switch url.scheme {
        case "https": return true
        case "http": return isLoopback(host)
        default: return false
        }
    }

    /// 127.0.0.1, localhost or ::1.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
    }
}
