import Foundation

/// The sign-in throttles: per client address, and per account (NIST SP 800-63B 5.2.2).
public struct SignInThrottle: Codable, Sendable, Equatable {
    /// Failed sign-ins from one address; high enough for a class behind one address.
    public var perAddress = ThrottleRule(maxFailures: 300, windowMinutes: 10, lockMinutes: 10)
    /// Consecutive failures after which the account locks until unlocked or reset (at most 100).
    public var lockAfterFailures = 100
    /// Consecutive failures allowed with no wait; after them the wait doubles each time.
    public var freeFailures = 5
    /// The first wait, in seconds, once the free failures are used up.
    public var firstDelaySeconds = 15
    /// The longest wait between two attempts, in seconds.
    public var maxDelaySeconds = 900

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SignInThrottle()
        perAddress = try c.decodeIfPresent(ThrottleRule.self, forKey: .perAddress) ?? d.perAddress
        lockAfterFailures = try c.decodeIfPresent(Int.self, forKey: .lockAfterFailures) ?? d.lockAfterFailures
        freeFailures = try c.decodeIfPresent(Int.self, forKey: .freeFailures) ?? d.freeFailures
        firstDelaySeconds = try c.decodeIfPresent(Int.self, forKey: .firstDelaySeconds) ?? d.firstDelaySeconds
        maxDelaySeconds = try c.decodeIfPresent(Int.self, forKey: .maxDelaySeconds) ?? d.maxDelaySeconds
    }

    /// How long an account must wait after `failures` consecutive failures: nothing for the
    /// free ones, then `firstDelaySeconds`, doubling up to `maxDelaySeconds`.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeFailures else { return 0 }
        let doublings = min(failures - freeFailures, 20)
        return TimeInterval(min(maxDelaySeconds, firstDelaySeconds << doublings))
    }

    func validate() throws {
        try perAddress.validate(named: "signInThrottle.perAddress")
        guard (1...100).contains(lockAfterFailures) else {
            throw ConfigError(setting: "signInThrottle.lockAfterFailures", problem: "must be between 1 and 100 (NIST SP 800-63B)")
        }
        guard (0...lockAfterFailures).contains(freeFailures) else {
            throw ConfigError(setting: "signInThrottle.freeFailures", problem: "must be between 0 and lockAfterFailures")
        }
        guard (1...3600).contains(firstDelaySeconds) else {
            throw ConfigError(setting: "signInThrottle.firstDelaySeconds", problem: "must be between 1 and 3600")
        }
        guard (firstDelaySeconds...86400).contains(maxDelaySeconds) else {
            throw ConfigError(setting: "signInThrottle.maxDelaySeconds", problem: "must be between firstDelaySeconds and 86400")
        }
    }
}

/// Staff passwords checked by PAM (`pam_unix`, `pam_sss`, …) for staff with no local password.
public struct PAMSettings: Codable, Sendable, Equatable {
    public var enabled = false
    /// The service: its file is `/etc/pam.d/<service>`, which must exist when PAM is enabled.
    public var service = "homeroom"

    public init(enabled: Bool = false, service: String = "homeroom") {
        self.enabled = enabled
        self.service = service
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
        service = try c.decodeIfPresent(String.self, forKey: .service) ?? "homeroom"
    }

    func validate() throws {
        guard service.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", options: .regularExpression) != nil else {
            throw ConfigError(setting: "pam.service", problem: "must be a file name in /etc/pam.d (letters, digits, . _ -)")
        }
    }

    /// Refuses to run with PAM on when the service has no file in `directory`: PAM would fall
    /// back to the `other` service, which on some systems lets anyone in.
    public func checkServiceFile(directory: String = "/etc/pam.d") throws {
        guard enabled else { return }
        guard FileManager.default.fileExists(atPath: directory + "/" + service) else {
            throw ConfigError(setting: "pam.service",
                              problem: "has no file \(directory)/\(service); PAM would fall back to 'other', so the server will not start")
        }
    }
}

/// One link on the portal home.
public struct PortalResource: Codable, Sendable, Equatable {
    public var name: String
    public var url: String
    /// An image shown beside the name: a path on this server or an `https://` URL.
    public var icon: String?
    /// Who sees it; left out, everyone signed in does.
    public var roles: [PortalRole]

    public init(name: String, url: String, icon: String? = nil, roles: [PortalRole] = PortalRole.allCases) {
        self.name = name
        self.url = url
        self.icon = icon
        self.roles = roles
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        url = try c.decode(String.self, forKey: .url)
        icon = try c.decodeIfPresent(String.self, forKey: .icon)
        roles = try c.decodeIfPresent([PortalRole].self, forKey: .roles) ?? PortalRole.allCases
    }

    /// A path on this server (`/…`, not `//…`) or an absolute `https://` URL; never `javascript:`.
    static func isSafeLink(_ link: String) -> Bool {
        if link.hasPrefix("/") { return isPathOnThisServer(link) }
        guard let url = URL(string: link), url.scheme?.lowercased() == "https", url.host != nil else { return false }
        return true
    }

    /// `/…`, but not `//host…` or `/\\host…`, which browsers read as another server.
    static func isPathOnThisServer(_ link: String) -> Bool {
        link.hasPrefix("/") && !link.hasPrefix("//") && !link.contains("\\")
    }

    func validate(named name: String) throws {
        guard (1...100).contains(self.name.count) else { throw ConfigError(setting: "\(name).name", problem: "must be 1 to 100 characters") }
        guard Self.isSafeLink(url) || url.lowercased().hasPrefix("http://") && URL(string: url)?.host != nil else {
            throw ConfigError(setting: "\(name).url", problem: "must be a path on this server or an http(s):// URL")
        }
        if let icon, !Self.isSafeLink(icon) {
            throw ConfigError(setting: "\(name).icon", problem: "must be a path on this server or an https:// URL")
        }
        guard !roles.isEmpty else { throw ConfigError(setting: "\(name).roles", problem: "must name at least one role") }
    }
}

/// Who a signed-in person is, for what the portal shows them.
public enum PortalRole: String, Codable, Sendable, CaseIterable {
    case student, teacher, technician, admin
}
