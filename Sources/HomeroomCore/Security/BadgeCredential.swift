import Foundation

/// What a printed badge carries: a secret of 160 random bits for its QR code, and a short code
/// printed under it (40 bits) that a teacher can type instead. Both are Crockford base32 (as
/// `OneTimeCode`); only their SHA-256 are stored.
public struct BadgeCredential: Sendable, Equatable {
    /// Marks a QR code as a Homeroom badge; a badge holds `prefix + secret`, not a link, so a
    /// phone's camera app that reads it opens nothing.
    public static let prefix = "HOMEROOM-BADGE:"
    static let secretLength = 32
    static let shortLength = 8

    public let secret: String
    public let shortCode: String

    /// A new credential from the system's CSPRNG.
    public static func make() -> BadgeCredential {
        BadgeCredential(secret: OneTimeCode.make(length: secretLength), shortCode: OneTimeCode.make(length: shortLength))
    }

    /// The text of the badge's QR code.
    public var qrText: String { Self.prefix + secret }

    /// The short code as printed: `XXXX-XXXX`.
    public var shortCodeDisplay: String { OneTimeCode.display(shortCode) }

    /// What a badge read or typed can be: its QR text, or its short code (any case, dashes and
    /// spaces ignored).
    public enum Presented: Sendable, Equatable {
        case secret(hash: String)
        case shortCode(hash: String)
        case unreadable
    }

    /// `text` as the camera read it or a person typed it.
    public static func presented(_ text: String) -> Presented {
        if text.hasPrefix(prefix) {
            let secret = String(text.dropFirst(prefix.count))
            guard secret.count == secretLength, secret.allSatisfy(OneTimeCode.alphabet.contains) else { return .unreadable }
            return .secret(hash: Secrets.sha256Hex(secret))
        }
        guard let short = OneTimeCode.normalize(text, length: shortLength) else { return .unreadable }
        return .shortCode(hash: Secrets.sha256Hex(short))
    }
}
