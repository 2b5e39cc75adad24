import Foundation

/// Why a new password was refused.
public enum PasswordProblem: Error, Equatable, Sendable {
    case mismatch
    case tooShort(Int)
    case tooLong(Int)
    case needsThreeKinds
    case matchesPersonalInfo

    public var message: String {
        switch self {
        case .mismatch: "The two passwords are not the same. Type the same password twice."
        case .tooShort(let n): "Use at least \(n) characters."
        case .tooLong(let n): "Use at most \(n) characters."
        case .needsThreeKinds: "Use 3 of these 4: lower case letters, upper case letters, digits, symbols."
        case .matchesPersonalInfo: "Do not use your username, student ID or name as your password."
        }
    }
}

/// The student password rules in force (NIST SP 800-63B by default: length, no composition rule).
public struct PasswordPolicy: Sendable {
    public let rules: PasswordRules

    public init(rules: PasswordRules) { self.rules = rules }

    /// The rules as sentences, for the page that asks for a password.
    public var descriptions: [String] {
        var lines = ["At least \(rules.minLength) characters (up to \(rules.maxLength)). Spaces and any symbols are fine."]
        if rules.requireThreeKinds {
            lines.append("Use 3 of these 4: lower case letters, upper case letters, digits, symbols.")
        }
        lines.append("Not your username, student ID, first name or last name.")
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
