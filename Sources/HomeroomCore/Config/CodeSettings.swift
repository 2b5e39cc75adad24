import Foundation

/// One-time claim and reset codes (`OneTimeCode`): how long one works, and the throttle on
/// typing them.
public struct CodeSettings: Codable, Sendable, Equatable {
    /// Days a code works after it is issued.
    public var validDays = 14
    /// Wrong, used, expired or revoked codes from one address: a classroom's typos stay far
    /// below it, and 60 random bits cannot be searched at any rate it allows.
    public var perAddress = ThrottleRule(maxFailures: 100, windowMinutes: 10, lockMinutes: 10)
    /// Whether a reset code also asks for new challenge answers after the new password.
    public var resetAsksNewAnswers = false

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CodeSettings()
        validDays = try c.decodeIfPresent(Int.self, forKey: .validDays) ?? d.validDays
        perAddress = try c.decodeIfPresent(ThrottleRule.self, forKey: .perAddress) ?? d.perAddress
        resetAsksNewAnswers = try c.decodeIfPresent(Bool.self, forKey: .resetAsksNewAnswers) ?? d.resetAsksNewAnswers
    }

    func validate() throws {
        guard (1...365).contains(validDays) else {
            throw ConfigError(setting: "codes.validDays", problem: "must be between 1 and 365")
        }
        try perAddress.validate(named: "codes.perAddress")
    }
}
