import Foundation

/// Self-service recovery: "Forgot my Password" with challenge answers, and "Forgot Username".
public struct RecoverySettings: Codable, Sendable, Equatable {
    /// Whether students may reset their password with their challenge answers. OWASP ASVS 5.0
    /// 6.4.2 and NIST SP 800-63B advise against security questions; a district that agrees turns
    /// this off, and the pages then tell students to ask their teacher.
    public var questionResetEnabled = true
    /// Consecutive failed resets that lock self-service reset for the account.
    public var failedResetsBeforeLock = 5
    /// How long that lock lasts.
    public var resetLockHours = 24
    /// Forgot Username requests per account per day; one more locks it until the next day.
    public var usernameLookupsPerDay = 5
    /// Failed Forgot my Password attempts from one address for one username (the per-account
    /// lock above still applies; the address's own limit is `signInThrottle.perAddress`).
    public var perAddressAndUsername = ThrottleRule(maxFailures: 10, windowMinutes: 15, lockMinutes: 15)
    /// Failed Forgot Username lookups from one address for one student ID (the address's own
    /// limit is `claimThrottle.perAddress`).
    public var perAddressAndStudent = ThrottleRule(maxFailures: 10, windowMinutes: 15, lockMinutes: 15)

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RecoverySettings()
        questionResetEnabled = try c.decodeIfPresent(Bool.self, forKey: .questionResetEnabled) ?? d.questionResetEnabled
        failedResetsBeforeLock = try c.decodeIfPresent(Int.self, forKey: .failedResetsBeforeLock) ?? d.failedResetsBeforeLock
        resetLockHours = try c.decodeIfPresent(Int.self, forKey: .resetLockHours) ?? d.resetLockHours
        usernameLookupsPerDay = try c.decodeIfPresent(Int.self, forKey: .usernameLookupsPerDay) ?? d.usernameLookupsPerDay
        perAddressAndUsername = try c.decodeIfPresent(ThrottleRule.self, forKey: .perAddressAndUsername) ?? d.perAddressAndUsername
        perAddressAndStudent = try c.decodeIfPresent(ThrottleRule.self, forKey: .perAddressAndStudent) ?? d.perAddressAndStudent
    }

    func validate() throws {
        try perAddressAndUsername.validate(named: "recovery.perAddressAndUsername")
        try perAddressAndStudent.validate(named: "recovery.perAddressAndStudent")
        guard (1...100).contains(failedResetsBeforeLock) else {
            throw ConfigError(setting: "recovery.failedResetsBeforeLock", problem: "must be between 1 and 100")
        }
        guard (1...720).contains(resetLockHours) else {
            throw ConfigError(setting: "recovery.resetLockHours", problem: "must be between 1 and 720")
        }
        guard (1...100).contains(usernameLookupsPerDay) else {
            throw ConfigError(setting: "recovery.usernameLookupsPerDay", problem: "must be between 1 and 100")
        }
    }
}
