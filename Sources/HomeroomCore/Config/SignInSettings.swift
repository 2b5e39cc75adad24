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
    /// Failed sign-ins from one known device (a valid device cookie for the account): counted
    /// apart from the address and the account, so neither locks a student out of their own device.
    public var perDevice = ThrottleRule(maxFailures: 10, windowMinutes: 15, lockMinutes: 15)
    /// How long a device cookie lasts after the sign-in that set it.
    public var deviceCookieDays = 180

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SignInThrottle()
        perAddress = try c.decodeIfPresent(ThrottleRule.self, forKey: .perAddress) ?? d.perAddress
        lockAfterFailures = try c.decodeIfPresent(Int.self, forKey: .lockAfterFailures) ?? d.lockAfterFailures
        freeFailures = try c.decodeIfPresent(Int.self, forKey: .freeFailures) ?? d.freeFailures
        firstDelaySeconds = try c.decodeIfPresent(Int.self, forKey: .firstDelaySeconds) ?? d.firstDelaySeconds
        maxDelaySeconds = try c.decodeIfPresent(Int.self, forKey: .maxDelaySeconds) ?? d.maxDelaySeconds
        perDevice = try c.decodeIfPresent(ThrottleRule.self, forKey: .perDevice) ?? d.perDevice
        deviceCookieDays = try c.decodeIfPresent(Int.self, forKey: .deviceCookieDays) ?? d.deviceCookieDays
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
        try perDevice.validate(named: "signInThrottle.perDevice")
        guard (1...400).contains(deviceCookieDays) else {
            throw ConfigError(setting: "signInThrottle.deviceCookieDays", problem: "must be between 1 and 400 (browsers keep a cookie at most 400 days)")
        }
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
