import Foundation

/// Why a new password was refused.
public enum PasswordProblem: Error, Equatable, Sendable {
    case mismatch
    case tooShort(Int)
    case tooLong(Int)
    case needsThreeKinds
    case matchesPersonalInfo

    /// What to fix, as a catalog message.
    public var message: Message {
        switch self {
        case .mismatch: Message("password.mismatch")
        case .tooShort(let n): Message("password.tooShort", ["min": String(n)])
        case .tooLong(let n): Message("password.tooLong", ["max": String(n)])
        case .needsThreeKinds: Message("password.ruleKinds")
        case .matchesPersonalInfo: Message("password.personal")
        }
    }
}

/// The student password rules in force (NIST SP 800-63B by default: length, no composition rule).
public struct PasswordPolicy: Sendable {
    public let rules: PasswordRules

    public init(rules: PasswordRules) { self.rules = rules }

    /// The rules, shown next to the field that asks for a password.
    public var descriptions: [Message] {
        var lines = [Message("password.ruleLength", ["min": String(rules.minLength), "max": String(rules.maxLength)])]
        if rules.requireThreeKinds { lines.append(Message("password.ruleKinds")) }
        lines.append(Message("password.rulePersonal"))
        return lines
    }

    /// The password in the form that is hashed: NFKC, as NIST SP 800-63B 5.1.1.2 advises.
    public static func normalized(_ password: String) -> String {
        password.precomposedStringWithCompatibilityMapping
    }

    /// Checks a new password and its confirmation against the rules and the person's own details.
    public func check(_ password: String, confirm: String, personal: [String]) -> PasswordProblem? {
        let password = Self.normalized(password)
        if password != Self.normalized(confirm) { return .mismatch }
        let length = password.unicodeScalars.count
        if length < rules.minLength { return .tooShort(rules.minLength) }
        if length > rules.maxLength { return .tooLong(rules.maxLength) }
        if rules.requireThreeKinds && kinds(in: password) < 3 { return .needsThreeKinds }
        let folded = password.lowercased()
        if personal.contains(where: { !$0.isEmpty && Self.normalized($0).lowercased() == folded }) {
            return .matchesPersonalInfo
        }
        return nil
    }

    private func kinds(in password: String) -> Int {
        let scalars = password.unicodeScalars
        let lower = scalars.contains { $0.properties.isLowercase }
        let upper = scalars.contains { $0.properties.isUppercase }
        let digit = scalars.contains { $0.properties.numericType != nil }
        let symbol = scalars.contains {
            !$0.properties.isLowercase && !$0.properties.isUppercase && $0.properties.numericType == nil
        }
        return [lower, upper, digit, symbol].filter { $0 }.count
    }
}
