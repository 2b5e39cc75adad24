import Foundation

/// QR badges for the youngest students: which grades may have one, where they work, and the
/// throttle on wrong badges.
public struct BadgeSettings: Codable, Sendable, Equatable {
    /// Grades (as the roster writes them) whose students may have a badge.
    public var grades = ["PK", "KG", "01", "02"]
    /// Classroom networks a badge signs in from; empty means any address.
    public var networks: [SchoolNetwork] = []
    /// Wrong badges and short codes from one address.
    public var perAddress = ThrottleRule(maxFailures: 30, windowMinutes: 10, lockMinutes: 10)

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = BadgeSettings()
        grades = try c.decodeIfPresent([String].self, forKey: .grades) ?? d.grades
        networks = try c.decodeIfPresent([SchoolNetwork].self, forKey: .networks) ?? d.networks
        perAddress = try c.decodeIfPresent(ThrottleRule.self, forKey: .perAddress) ?? d.perAddress
    }

    /// Whether a badge may sign in from `address`.
    public func allows(address: String) -> Bool {
        networks.isEmpty || networks.contains { $0.contains(address) }
    }

    func validate() throws {
        guard grades.allSatisfy({ !$0.isEmpty && $0.count <= 20 }) else {
            throw ConfigError(setting: "badges.grades", problem: "each grade must be 1 to 20 characters")
        }
        for (index, network) in networks.enumerated() { try network.validate(named: "badges.networks[\(index)]") }
        try perAddress.validate(named: "badges.perAddress")
    }
}
