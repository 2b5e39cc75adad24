import Foundation

/// The one-time codes a school hands a student on paper: 12 characters of Crockford's base32
/// (digits and capitals without I, L, O and U, so nothing reads as something else), 60 random
/// bits, shown as `XXXX-XXXX-XXXX`. Typed in any case, with or without dashes and spaces, and
/// with the look-alikes Crockford allows (O for 0, I and L for 1). Only `hash` is stored.
public enum OneTimeCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let length = 12

    /// A new code of `length` characters from the system's CSPRNG, without dashes.
    public static func make(length: Int = Self.length) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// `code` (as `make` returns it) in groups of four: `XXXX-XXXX-XXXX`.
    public static func display(_ code: String) -> String {
        stride(from: 0, to: code.count, by: 4).map { start in
            String(code.dropFirst(start).prefix(4))
        }.joined(separator: "-")
    }

    /// What a person typed, as `make` made it; nil when it cannot be a code of `length`.
    public static func normalize(_ typed: String, length: Int = Self.length) -> String? {
        var code = ""
        for character in typed.uppercased() where character != "-" && !character.isWhitespace {
            switch character {
            case "O": code.append("0")
            case "I", "L": code.append("1")
            default:
                guard alphabet.contains(character) else { return nil }
                code.append(character)
            }
            if code.count > length { return nil }
        }
        return code.count == length ? code : nil
    }

    /// What the store keeps of a code: its SHA-256, in hex.
    public static func hash(_ code: String) -> String { Secrets.sha256Hex(code) }
}
